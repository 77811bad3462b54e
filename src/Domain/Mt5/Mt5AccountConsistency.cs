using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Domain.Mt5;

/// <summary>
/// Checks what a client asks to register against what MT5 reported for the account, so that a
/// live account is not filed as a demo one, a read-only login is not set to trade, a cent account
/// is not sized in dollars, and a strategy is not pointed at symbols the server does not have.
/// </summary>
public static class Mt5AccountConsistency
{
    /// <summary>
    /// The details to store (symbols in the server's spelling), or the problems found, each a
    /// sentence that says what disagrees and how to fix it.
    /// </summary>
    public static ConsistencyResult Check(AccountDetails requested, Mt5AccountSnapshot reported)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(reported);

        var problems = new List<string>();
        var account = $"account {requested.Login} on {reported.Server}";

        var reportedLive = reported.TradeMode == Mt5TradeMode.Real;
        if (requested.IsLive != reportedLive)
        {
            problems.Add(requested.IsLive
                ? $"is_live is true but MT5 reports {account} is a {Describe(reported.TradeMode)} account; set is_live to false"
                : $"is_live is false but MT5 reports {account} is a real (live) account; set is_live to true");
        }

        if (requested.AutoTradeEnabled && !reported.TradeAllowed)
        {
            problems.Add(
                $"auto_trade_enabled is true but MT5 reports trading is not allowed for {account} " +
                "(an investor, read-only, password logs in but cannot trade); register with the master password, " +
                "or set auto_trade_enabled to false");
        }

        if (TryParseAccountType(reported.Currency, out var reportedType) && reportedType != requested.AccountType)
        {
            problems.Add(
                $"account_type is {requested.AccountType} but MT5 reports the currency of {account} is " +
                $"{reported.Currency}; set account_type to {reportedType}");
        }

        // Whether anything but the symbols disagrees: a client told only of unknown symbols fixes names, not the account.
        var factsDisagree = problems.Count > 0;
        var resolver = new SymbolResolver(reported.Symbols);
        var resolved = new List<string>(requested.AllowedSymbols.Count);
        var unknown = new List<string>();
        foreach (var symbol in requested.AllowedSymbols)
        {
            if (resolver.Resolve(symbol) is { } serverSpelling)
            {
                resolved.Add(serverSpelling);
                continue;
            }

            var suggestions = resolver.SuggestFor(symbol);
            unknown.Add(suggestions.Count == 0
                ? symbol
                : $"{symbol} (the server has {string.Join(", ", suggestions)})");
        }

        if (unknown.Count > 0)
        {
            problems.Add(
                $"allowed_symbols has symbols that {reported.Server} does not offer: {string.Join("; ", unknown)}; " +
                "use the server's exact symbol names");
        }

        return problems.Count > 0
            ? ConsistencyResult.Inconsistent(problems, onlySymbolsUnknown: !factsDisagree)
            : ConsistencyResult.Consistent(requested with { AllowedSymbols = resolved });
    }

    private static string Describe(Mt5TradeMode mode) => mode switch
    {
        Mt5TradeMode.Demo => "demo",
        Mt5TradeMode.Contest => "contest",
        _ => "real",
    };

    private static bool TryParseAccountType(string currency, out AccountType type)
    {
        switch (currency.Trim().ToUpperInvariant())
        {
            case "USD":
                type = AccountType.USD;
                return true;
            case "USC":
                type = AccountType.USC;
                return true;
            default:
                type = default;
                return false;
        }
    }
}

/// <summary>The outcome of <see cref="Mt5AccountConsistency.Check"/>.</summary>
public sealed record ConsistencyResult
{
    private ConsistencyResult(AccountDetails? details, IReadOnlyList<string> problems, bool onlySymbolsUnknown)
    {
        Details = details;
        Problems = problems;
        OnlySymbolsUnknown = onlySymbolsUnknown;
    }

    /// <summary>The details to store, when consistent.</summary>
    public AccountDetails? Details { get; }

    public IReadOnlyList<string> Problems { get; }

    public bool IsConsistent => Details is not null;

    /// <summary>Inconsistent only because allowed_symbols names symbols the server does not offer.</summary>
    public bool OnlySymbolsUnknown { get; }

    internal static ConsistencyResult Consistent(AccountDetails details) => new(details, [], onlySymbolsUnknown: false);

    internal static ConsistencyResult Inconsistent(IReadOnlyList<string> problems, bool onlySymbolsUnknown) => new(null, problems, onlySymbolsUnknown);
}
