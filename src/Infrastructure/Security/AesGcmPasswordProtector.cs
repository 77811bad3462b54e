using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// AES-256-GCM with a fresh random nonce per password. Stored as <c>{keyId}:{base64(nonce | ciphertext | tag)}</c>,
/// so keys can rotate. The associated data binds the ciphertext to the account's login and to the
/// key id: copied to another row, or relabelled with another key, it fails to decrypt.
/// </summary>
internal sealed class AesGcmPasswordProtector : IPasswordProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = "AccountRegistry.Mt5Password.v1"u8.ToArray();

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    // The monitor shares the options that start-up validated (IOptions would configure them a second time).
    public AesGcmPasswordProtector(IOptionsMonitor<EncryptionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.CurrentValue;
        _keys = value.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        _activeKeyId = value.ActiveKeyId ?? throw new InvalidOperationException("Encryption:ActiveKeyId is not set.");
    }

    public EncryptedPassword Protect(Password password, long login)
    {
        ArgumentNullException.ThrowIfNull(password);
        var plaintext = Encoding.UTF8.GetBytes(password.Reveal());
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        var ciphertext = sealedBytes.AsSpan(NonceSize, plaintext.Length);
        var tag = sealedBytes.AsSpan(NonceSize + plaintext.Length, TagSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(login, _activeKeyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new EncryptedPassword($"{_activeKeyId}:{Convert.ToBase64String(sealedBytes)}");
    }

    public Password Unprotect(EncryptedPassword encrypted, long login)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        var separator = encrypted.Value.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new CryptographicException("The encrypted password is not in the expected format.");
        }

        var keyId = encrypted.Value[..separator];
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The encrypted password names key '{keyId}', which is not configured.");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(encrypted.Value[(separator + 1)..]);
        }
        catch (FormatException exception)
        {
            throw new CryptographicException("The encrypted password is not in the expected format.", exception);
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted password is truncated.");
        }

        var ciphertextLength = sealedBytes.Length - NonceSize - TagSize;
        var plaintext = new byte[ciphertextLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, ciphertextLength),
                sealedBytes.AsSpan(NonceSize + ciphertextLength, TagSize),
                plaintext,
                AssociatedData(login, keyId));
            return new Password(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(long login, string keyId)
    {
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var data = new byte[Purpose.Length + sizeof(long) + keyIdBytes.Length];
        Purpose.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(Purpose.Length), login);
        keyIdBytes.CopyTo(data, Purpose.Length + sizeof(long));
        return data;
    }
}
