using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// Encrypts MT5 passwords for storage. A ciphertext is bound to its account's login, so one copied
/// onto another account's row does not decrypt.
/// </summary>
public interface IPasswordProtector
{
    EncryptedPassword Protect(Password password, long login);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the ciphertext was tampered with, moved, or its key is unknown.</summary>
    Password Unprotect(EncryptedPassword encrypted, long login);
}
