using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// A keyed hash of a request body: HMAC-SHA256 under a key derived (HKDF) from an encryption key.
/// A stolen database then offers nothing to test password guesses against. The key id is kept
/// with the hash, so a fingerprint still matches after the active key rotates.
/// </summary>
internal sealed class RequestFingerprinter(IOptionsMonitor<EncryptionOptions> options)
{
    private static readonly byte[] Purpose = "AccountRegistry.IdempotencyFingerprint.v1"u8.ToArray();
    private readonly ConcurrentDictionary<string, byte[]> _derived = new(StringComparer.Ordinal);

    public string Create(ReadOnlySpan<byte> body)
    {
        var keyId = options.CurrentValue.ActiveKeyId ?? throw new InvalidOperationException("Encryption:ActiveKeyId is not set.");
        return $"{keyId}:{Convert.ToHexStringLower(HMACSHA256.HashData(Key(keyId)!, body))}";
    }

    public bool Matches(string fingerprint, ReadOnlySpan<byte> body)
    {
        var separator = fingerprint.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || Key(fingerprint[..separator]) is not { } key)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        var hex = fingerprint.AsSpan(separator + 1);
        if (hex.Length != 64 || Convert.FromHexString(hex, expected, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, HMACSHA256.HashData(key, body));
    }

    private byte[]? Key(string keyId)
    {
        if (_derived.TryGetValue(keyId, out var cached))
        {
            return cached;
        }

        if (!options.CurrentValue.Keys.TryGetValue(keyId, out var encoded))
        {
            return null;
        }

        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(encoded), 32, info: Purpose);
        return _derived.GetOrAdd(keyId, derived);
    }
}
