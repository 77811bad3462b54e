using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.Extensions.Configuration;

namespace AccountRegistry.Infrastructure.Legacy;

/// <summary>
/// The original system's passwords: Fernet tokens of the UTF-8 password, opened with
/// <c>Legacy:FernetKeys:0</c>, <c>:1</c>, ... tried in that order (Python's <c>MultiFernet</c>).
/// </summary>
internal sealed class FernetLegacyPasswords : ILegacyPasswordDecryptor
{
    public const string KeysSection = "Legacy:FernetKeys";

    /// <summary>Each token is tried with each key: the list is bounded like every configured list.</summary>
    public const int MaxKeys = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Fernet _fernet;

    public FernetLegacyPasswords(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var keys = new List<FernetKey>();
        // Children come in the configuration's key order: numbers in numeric order.
        var entries = configuration.GetSection(KeysSection).GetChildren().ToList();
        if (entries.Count == 0)
        {
            problems.Add($"No Fernet key is configured: set {KeysSection}:0 (and :1, ... for older keys) to the original system's keys.");
        }
        else if (entries.Count > MaxKeys)
        {
            problems.Add($"{KeysSection} lists {entries.Count} keys; at most {MaxKeys} are allowed.");
        }
        else
        {
            foreach (var entry in entries)
            {
                if (FernetKey.TryParse(entry.Value?.Trim(), out var key))
                {
                    keys.Add(key);
                }
                else
                {
                    // The setting's name only, never its value.
                    problems.Add($"{entry.Path} is not a Fernet key (32 bytes in url-safe base64, as Fernet.generate_key() writes).");
                }
            }
        }

        KeyProblems = problems;
        _fernet = new Fernet(keys);
    }

    public IReadOnlyList<string> KeyProblems { get; }

    public Password? Decrypt(string token)
    {
        if (!_fernet.TryDecrypt(token, out var plaintext))
        {
            return null;
        }

        try
        {
            return new Password(StrictUtf8.GetString(plaintext));
        }
        catch (DecoderFallbackException)
        {
            // Not text: not a password this service can hand to MT5.
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
