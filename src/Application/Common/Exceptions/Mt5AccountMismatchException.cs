using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// The request disagrees with what MT5 reported for the account (HTTP 400). The message lists each
/// disagreement and how to fix it.
/// </summary>
public sealed class Mt5AccountMismatchException : Exception
{
    /// <summary>The disagreements <see cref="Mt5AccountConsistency.Check"/> found.</summary>
    public Mt5AccountMismatchException(ConsistencyResult inconsistency)
        : base(string.Join("; and ", (inconsistency ?? throw new ArgumentNullException(nameof(inconsistency))).Problems))
    {
        Problems = inconsistency.Problems;
        OnlySymbolsUnknown = inconsistency.OnlySymbolsUnknown;
    }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Whether the only disagreement is allowed_symbols the server does not offer: the credentials
    /// and the account's facts are right, and only the symbol names need fixing.
    /// </summary>
    public bool OnlySymbolsUnknown { get; }
}
