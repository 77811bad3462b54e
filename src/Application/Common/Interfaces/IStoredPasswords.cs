using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>The stored passwords, walked by account id, for re-sealing them (key rotation).</summary>
public interface IStoredPasswords
{
    /// <summary>At most <paramref name="count"/> accounts' stored passwords with an id above <paramref name="afterId"/>, ordered by id.</summary>
    Task<IReadOnlyList<StoredPassword>> ReadAfterAsync(long afterId, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces each row's ciphertext in one write, where the row still holds the login, server and
    /// ciphertext that were read (a row changed meanwhile is left for the next run). Gives how many were replaced.
    /// </summary>
    Task<int> ReplaceAsync(IReadOnlyList<PasswordReplacement> replacements, CancellationToken cancellationToken);
}

/// <summary>One account's stored password, with the login and server it is sealed for.</summary>
public sealed record StoredPassword(long AccountId, long Login, string Server, EncryptedPassword Encrypted);

/// <summary>The same password sealed anew, for the row <paramref name="Previous"/> was read from.</summary>
public sealed record PasswordReplacement(StoredPassword Previous, EncryptedPassword Replacement);
