using Microsoft.Extensions.Primitives;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// The <c>Prefer</c> request header (RFC 7240), read for the one preference this service honours,
/// <c>respond-async</c>: every <c>Prefer</c> header, each a comma-separated list of preferences,
/// each a token with an optional <c>=value</c> and parameters after <c>;</c>. Tokens are compared
/// without regard to case; a quoted value may hold commas and semicolons. Anything it cannot read
/// is ignored, as the RFC asks of a preference a server does not understand.
/// </summary>
internal static class AsyncPreference
{
    public const string HeaderName = "Prefer";
    public const string AppliedHeaderName = "Preference-Applied";
    public const string RespondAsync = "respond-async";

    // Headers longer than this are not read at all (Kestrel bounds them too).
    private const int MaxLength = 8 * 1024;

    /// <summary>Whether the request prefers an asynchronous answer.</summary>
    public static bool PrefersAsync(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            if (header is null || header.Length > MaxLength)
            {
                continue;
            }

            foreach (var preference in Split(header, ','))
            {
                // The preference's name is what comes before its first '=' or ';'.
                var token = preference.AsSpan();
                var end = token.IndexOfAny('=', ';');
                if (end >= 0)
                {
                    token = token[..end];
                }

                if (token.Trim().Equals(RespondAsync, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The header split at each separator outside a quoted string (a backslash escapes inside one).
    private static IEnumerable<string> Split(string header, char separator)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (quoted && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == separator)
            {
                yield return header[start..i];
                start = i + 1;
            }
        }

        yield return header[start..];
    }
}
