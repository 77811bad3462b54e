namespace AccountRegistry.Domain.Mt5;

/// <summary>
/// Matches the symbols a client asks for against the names a server offers. Brokers add suffixes
/// and prefixes (EURUSD.m, EURUSDm, m.EURUSD); a strategy that trades "EURUSD" on such a server
/// silently never trades, so an unknown name is refused, with the server's variants suggested.
/// </summary>
public sealed class SymbolResolver
{
    private const int MaxSuggestions = 5;

    private readonly IReadOnlyList<string> _serverSymbols;
    private readonly HashSet<string> _exact;
    private readonly Dictionary<string, List<string>> _byUpperCase;

    public SymbolResolver(IReadOnlyList<string> serverSymbols)
    {
        ArgumentNullException.ThrowIfNull(serverSymbols);
        _serverSymbols = serverSymbols;
        _exact = new HashSet<string>(serverSymbols, StringComparer.Ordinal);
        _byUpperCase = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in _exact)
        {
            if (!_byUpperCase.TryGetValue(symbol, out var spellings))
            {
                _byUpperCase[symbol] = spellings = [];
            }

            spellings.Add(symbol);
        }
    }

    /// <summary>
    /// The server's spelling of <paramref name="requested"/>: an exact match wins, else the one
    /// case-insensitive match. Null when there is none, or more than one and the case decides.
    /// </summary>
    public string? Resolve(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (_exact.Contains(requested))
        {
            return requested;
        }

        return _byUpperCase.TryGetValue(requested, out var spellings) && spellings.Count == 1 ? spellings[0] : null;
    }

    /// <summary>
    /// The server's names that are <paramref name="requested"/> with a broker's suffix or prefix
    /// added, shortest first, or every case-variant when the case alone was ambiguous.
    /// </summary>
    public IReadOnlyList<string> SuggestFor(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Length == 0)
        {
            return [];
        }

        return _serverSymbols
            .Where(symbol => symbol.Length >= requested.Length
                && (symbol.StartsWith(requested, StringComparison.OrdinalIgnoreCase)
                    || symbol.EndsWith(requested, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(symbol => symbol.Length)
            .ThenBy(symbol => symbol, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .ToArray();
    }
}
