using System.Globalization;
using System.Security.Cryptography;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// The account's stored password does not open with any of the service's keys (its key was removed
/// from the configuration, or the row was altered): the service cannot log in with it. A fault of
/// the service's set-up, not of the request (HTTP 503, for an operator). The message is safe for
/// the client and names no key; the inner exception (for the log) names at most the key id.
/// </summary>
public sealed class StoredPasswordUnreadableException(long accountId, CryptographicException innerException)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"The stored password of account {accountId} cannot be decrypted with the service's encryption keys; an operator must restore its key, or the password can be set again (PUT /api/v1/accounts/{accountId}/password)"),
        innerException)
{
    public long AccountId { get; } = accountId;
}
