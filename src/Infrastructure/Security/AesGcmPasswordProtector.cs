using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// AES-256-GCM with a fresh random nonce per password (docs/decisions/006-password-encryption.md).
/// New passwords are stored as <c>v2:{keyId}:{base64(nonce | ciphertext | tag)}</c>, with associated
/// data that binds the login, the server and the key id, each field length-prefixed. The first
/// format, <c>{keyId}:{base64(...)}</c>, bound the login and the key id but not the server; it is
/// still read, so rows written before v2 open until <c>reencrypt-passwords</c> upgrades them.
/// Key ids hold no ':', so the two formats cannot be mistaken for each other: v1 has one ':', v2 two.
/// </summary>
internal sealed class AesGcmPasswordProtector : IPasswordProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string V2Prefix = "v2:";
    private static readonly byte[] PurposeV1 = "AccountRegistry.Mt5Password.v1"u8.ToArray();
    private static readonly byte[] PurposeV2 = "AccountRegistry.Mt5Password.v2"u8.ToArray();
    private const string JobPrefix = "job1:";
    private static readonly byte[] PurposeJob = "AccountRegistry.VerificationJobPassword.v1"u8.ToArray();

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;
    private readonly string _currentPrefix;

    // The monitor shares the options that start-up validated (IOptions would configure them a second time).
    public AesGcmPasswordProtector(IOptionsMonitor<EncryptionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.CurrentValue;
        _keys = value.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        _activeKeyId = value.ActiveKeyId ?? throw new InvalidOperationException("Encryption:ActiveKeyId is not set.");
        _currentPrefix = $"{V2Prefix}{_activeKeyId}:";
    }

    public EncryptedPassword Protect(Password password, long login, string server)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(server);
        return new EncryptedPassword(_currentPrefix + Seal(password, AssociatedDataV2(login, server, _activeKeyId)));
    }

    // A queued job's password: "job1:{keyId}:{payload}", its associated data the job purpose, the
    // job's id and the key id (length-prefixed as v2's), so it never opens as an account's password
    // (another purpose, another prefix) nor as another job's.
    public string ProtectForJob(Password password, string jobId)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(jobId);
        return $"{JobPrefix}{_activeKeyId}:{Seal(password, AssociatedDataJob(jobId, _activeKeyId))}";
    }

    public Password UnprotectForJob(string sealedPassword, string jobId)
    {
        ArgumentNullException.ThrowIfNull(sealedPassword);
        ArgumentNullException.ThrowIfNull(jobId);
        var last = sealedPassword.LastIndexOf(':');
        if (!sealedPassword.StartsWith(JobPrefix, StringComparison.Ordinal) || last <= JobPrefix.Length
            || sealedPassword.IndexOf(':', JobPrefix.Length) != last)
        {
            throw new CryptographicException("The sealed job password is not in the expected format.");
        }

        var keyId = sealedPassword[JobPrefix.Length..last];
        return Open(keyId, sealedPassword[(last + 1)..], AssociatedDataJob(jobId, keyId));
    }

    private string Seal(Password password, byte[] associatedData)
    {
        var plaintext = Encoding.UTF8.GetBytes(password.Reveal());
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        var ciphertext = sealedBytes.AsSpan(NonceSize, plaintext.Length);
        var tag = sealedBytes.AsSpan(NonceSize + plaintext.Length, TagSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return Convert.ToBase64String(sealedBytes);
    }

    public Password Unprotect(EncryptedPassword encrypted, long login, string server)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(server);
        var (version, keyId, payload) = Parse(encrypted.Value);
        return Open(keyId, payload, version == 2 ? AssociatedDataV2(login, server, keyId) : AssociatedDataV1(login, keyId));
    }

    private Password Open(string keyId, string payload, byte[] associatedData)
    {
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The encrypted password names key '{keyId}', which is not configured.");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(payload);
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
                associatedData);
            return new Password(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public bool IsCurrent(EncryptedPassword encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        return encrypted.Value.StartsWith(_currentPrefix, StringComparison.Ordinal);
    }

    // v2: "v2:{keyId}:{payload}"; v1: "{keyId}:{payload}". Base64 and key ids hold no ':'.
    private static (int Version, string KeyId, string Payload) Parse(string value)
    {
        var first = value.IndexOf(':', StringComparison.Ordinal);
        var last = value.LastIndexOf(':');
        if (first > 0 && first == last)
        {
            return (1, value[..first], value[(first + 1)..]);
        }

        if (first > 0 && value.StartsWith(V2Prefix, StringComparison.Ordinal)
            && last > V2Prefix.Length && value.IndexOf(':', V2Prefix.Length) == last)
        {
            return (2, value[V2Prefix.Length..last], value[(last + 1)..]);
        }

        throw new CryptographicException("The encrypted password is not in the expected format.");
    }

    // v1 (read only): purpose | login (int64, big-endian) | key id (UTF-8). Kept byte for byte as
    // written, so that rows sealed before v2 still open.
    private static byte[] AssociatedDataV1(long login, string keyId)
    {
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var data = new byte[PurposeV1.Length + sizeof(long) + keyIdBytes.Length];
        PurposeV1.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(PurposeV1.Length), login);
        keyIdBytes.CopyTo(data, PurposeV1.Length + sizeof(long));
        return data;
    }

    // v2: purpose, login (int64, big-endian), server (UTF-8, exactly as stored), key id (UTF-8), each
    // preceded by its length in bytes (uint32, big-endian), so no two field lists encode alike.
    private static byte[] AssociatedDataV2(long login, string server, string keyId)
    {
        Span<byte> loginBytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(loginBytes, login);
        var serverBytes = Encoding.UTF8.GetBytes(server);
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var data = new byte[(4 * sizeof(uint)) + PurposeV2.Length + sizeof(long) + serverBytes.Length + keyIdBytes.Length];
        var offset = Append(data, 0, PurposeV2);
        offset = Append(data, offset, loginBytes);
        offset = Append(data, offset, serverBytes);
        Append(data, offset, keyIdBytes);
        return data;
    }

    private static byte[] AssociatedDataJob(string jobId, string keyId)
    {
        var jobIdBytes = Encoding.UTF8.GetBytes(jobId);
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var data = new byte[(3 * sizeof(uint)) + PurposeJob.Length + jobIdBytes.Length + keyIdBytes.Length];
        var offset = Append(data, 0, PurposeJob);
        offset = Append(data, offset, jobIdBytes);
        Append(data, offset, keyIdBytes);
        return data;
    }

    private static int Append(byte[] data, int offset, ReadOnlySpan<byte> field)
    {
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), (uint)field.Length);
        field.CopyTo(data.AsSpan(offset + sizeof(uint)));
        return offset + sizeof(uint) + field.Length;
    }
}
