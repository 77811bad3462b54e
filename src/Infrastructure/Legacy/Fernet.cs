using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AccountRegistry.Infrastructure.Legacy;

/// <summary>
/// A Fernet key (github.com/fernet/spec): 32 bytes in padded url-safe base64, the first 16 the
/// HMAC-SHA256 signing key, the last 16 the AES-128 encryption key.
/// </summary>
internal sealed class FernetKey
{
    private const int HalfSize = 16;

    private FernetKey(byte[] signingKey, byte[] encryptionKey)
    {
        SigningKey = signingKey;
        EncryptionKey = encryptionKey;
    }

    public byte[] SigningKey { get; }

    public byte[] EncryptionKey { get; }

    /// <summary>False (and nothing said of the text) when it is not a Fernet key.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FernetKey? key)
    {
        key = null;
        if (!Fernet.TryDecodeBase64Url(text, out var bytes) || bytes.Length != 2 * HalfSize)
        {
            return false;
        }

        key = new FernetKey(bytes[..HalfSize], bytes[HalfSize..]);
        CryptographicOperations.ZeroMemory(bytes);
        return true;
    }
}

/// <summary>
/// Fernet decryption with several keys, as Python's <c>MultiFernet.decrypt</c> without a TTL: each
/// key is tried in order, and the first whose HMAC matches and whose padding is right opens the token.
/// A token is <c>base64url(0x80 | timestamp (uint64, big-endian) | IV (16) | AES-128-CBC ciphertext,
/// PKCS#7-padded | HMAC-SHA256 (32) over everything before it)</c>, padded. Without a TTL the
/// timestamp is not looked at (docs/decisions/010-fernet-on-the-bcl.md).
/// </summary>
internal sealed class Fernet
{
    private const byte Version = 0x80;
    private const int TimestampSize = 8;
    private const int IvSize = 16;
    private const int BlockSize = 16;
    private const int MacSize = 32;
    private const int HeaderSize = 1 + TimestampSize + IvSize;

    private readonly FernetKey[] _keys;

    public Fernet(IEnumerable<FernetKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.ToArray();
    }

    /// <summary>The plaintext, or false when the token is malformed or no key opens it.</summary>
    public bool TryDecrypt(string? token, [NotNullWhen(true)] out byte[]? plaintext)
    {
        plaintext = null;
        if (!TryDecodeBase64Url(token, out var data)
            || data.Length < HeaderSize + BlockSize + MacSize
            || data[0] != Version
            || (data.Length - HeaderSize - MacSize) % BlockSize != 0)
        {
            return false;
        }

        var signed = data.AsSpan(0, data.Length - MacSize);
        var mac = data.AsSpan(data.Length - MacSize);
        var iv = data.AsSpan(1 + TimestampSize, IvSize);
        var ciphertext = data.AsSpan(HeaderSize, data.Length - HeaderSize - MacSize);
        Span<byte> expected = stackalloc byte[MacSize];
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key.SigningKey, signed, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, mac))
            {
                continue;
            }

            using var aes = Aes.Create();
            aes.Key = key.EncryptionKey;
            try
            {
                plaintext = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
                return true;
            }
            catch (CryptographicException)
            {
                // A bad padding under a matching MAC: as MultiFernet, the next key is tried.
            }
        }

        return false;
    }

    /// <summary>
    /// Padded url-safe base64, strictly: only <c>A-Z a-z 0-9 - _</c>, a length that is a multiple of
    /// 4, and at most two <c>=</c> at the end (no whitespace, no standard-alphabet <c>+ /</c>).
    /// </summary>
    internal static bool TryDecodeBase64Url(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (string.IsNullOrEmpty(text) || text.Length % 4 != 0)
        {
            return false;
        }

        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        var standard = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            standard[i] = c switch
            {
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' => c,
                '-' => '+',
                '_' => '/',
                '=' when i >= text.Length - padding => '=',
                _ => '\0',
            };
            if (standard[i] == '\0')
            {
                return false;
            }
        }

        var buffer = new byte[(text.Length / 4 * 3) - padding];
        if (!Convert.TryFromBase64Chars(standard, buffer, out var written) || written != buffer.Length)
        {
            return false;
        }

        bytes = buffer;
        return true;
    }
}
