namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// The request disagrees with what MT5 reported for the account (HTTP 400). The message lists each
/// disagreement and how to fix it.
/// </summary>
public sealed class Mt5AccountMismatchException(IReadOnlyList<string> problems)
    : Exception(string.Join("; and ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
