using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// Encrypts MT5 passwords for storage. A ciphertext is bound to its account's login and server (the
/// stored strings, exactly), so one copied onto another account's row, or a row pointed at another
/// server, does not decrypt.
/// </summary>
public interface IPasswordProtector
{
    /// <summary>Seals the password in the current format under the active key.</summary>
    EncryptedPassword Protect(Password password, long login, string server);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the ciphertext was tampered with, moved, or its key is unknown.</summary>
    Password Unprotect(EncryptedPassword encrypted, long login, string server);

    /// <summary>
    /// Whether the ciphertext is in the current format under the active key, so that re-sealing it
    /// would change nothing. Says nothing of whether it opens.
    /// </summary>
    bool IsCurrent(EncryptedPassword encrypted);

    /// <summary>
    /// Seals the password of a queued verification job for that job alone: bound to a purpose of its
    /// own and the job's id, so it never opens as an account's password, nor as another job's.
    /// </summary>
    string ProtectForJob(Password password, string jobId);

    /// <summary>Opens <see cref="ProtectForJob"/>'s value; throws <see cref="System.Security.Cryptography.CryptographicException"/> as <see cref="Unprotect"/> does.</summary>
    Password UnprotectForJob(string sealedPassword, string jobId);
}
