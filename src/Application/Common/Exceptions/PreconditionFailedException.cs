using System.Globalization;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// The request's <c>If-Match</c> names a version of the account that is no longer current: it was
/// changed since the client read it (HTTP 412). Nothing was changed.
/// </summary>
public sealed class PreconditionFailedException(long accountId)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"Account {accountId} has changed since it was read (If-Match does not match its ETag); read it again and retry"))
{
    public long AccountId { get; } = accountId;
}
