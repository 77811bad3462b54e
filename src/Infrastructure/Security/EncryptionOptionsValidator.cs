using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// Stops start-up when the keys are missing or malformed. Messages name the key id and the fault,
/// never the key. The validator is generated; the rules between the keys and the active key id
/// are <see cref="Problems"/>, which <see cref="EncryptionOptions"/> reports as its own.
/// </summary>
[OptionsValidator]
internal sealed partial class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    /// <summary>What is wrong with the keys and the active key id, one line each.</summary>
    internal static List<string> Problems(EncryptionOptions options)
    {
        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add(
                "No encryption key is configured: set Encryption:Keys:<id> to a base64 32-byte key " +
                "(e.g. from `openssl rand -base64 32`) and Encryption:ActiveKeyId to its id.");
        }

        // An id is quoted only when it has the shape of an id: a key pasted where an id belongs must
        // not reach the start-up log.
        var index = 0;
        foreach (var (id, key) in options.Keys)
        {
            index++;
            var label = KeyIdPattern().IsMatch(id) ? $"Encryption:Keys:{id}" : $"Encryption key number {index}";
            if (!KeyIdPattern().IsMatch(id))
            {
                failures.Add($"{label} has an id that is not 1 to 32 letters, digits, '-' or '_'.");
            }

            if (!IsValidKey(key))
            {
                failures.Add($"{label} is not the base64 of exactly {EncryptionOptions.KeySizeBytes} bytes.");
            }
        }

        if (options.Keys.Count > 0 && (options.ActiveKeyId is null || !options.Keys.ContainsKey(options.ActiveKeyId)))
        {
            var configured = string.Join(", ", options.Keys.Keys.Where(id => KeyIdPattern().IsMatch(id)));
            failures.Add(options.ActiveKeyId is null
                ? $"Encryption:ActiveKeyId is not set; it must name one of the configured keys ({configured})."
                : $"Encryption:ActiveKeyId names no configured key; it must be one of: {configured}.");
        }

        return failures;
    }

    internal static bool IsValidKey(string? base64)
    {
        Span<byte> buffer = stackalloc byte[64];
        return base64 is not null
            && Convert.TryFromBase64String(base64, buffer, out var written)
            && written == EncryptionOptions.KeySizeBytes;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    internal static partial Regex KeyIdPattern();
}
