namespace AccountRegistry.WebApi.Security;

/// <summary>
/// The origins <c>Cors:AllowedOrigins</c> lets in. An entry is an origin, matched as a whole
/// (<c>https://app.example.com</c>), or an origin with any port, <c>scheme://host:*</c>
/// (<c>http://localhost:*</c>): the same scheme and host, exactly, and any port or none. Nothing
/// else is a wildcard: <c>http://localhost.evil.example:3000</c> does not match <c>http://localhost:*</c>.
/// </summary>
internal sealed class OriginAllowlist
{
    private const string AnyPort = ":*";

    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _anyPort = [];

    /// <param name="entries">The configured entries. One that is not valid (<see cref="IsValid"/>) matches nothing; start-up refuses it.</param>
    public OriginAllowlist(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            if (!IsValid(entry))
            {
                continue;
            }

            if (entry.EndsWith(AnyPort, StringComparison.Ordinal))
            {
                _anyPort.Add(entry[..^AnyPort.Length]);
            }
            else
            {
                _exact.Add(entry);
            }
        }
    }

    /// <summary>Whether a request's <c>Origin</c> header names an allowed origin.</summary>
    public bool Allows(string origin)
    {
        if (_exact.Contains(origin))
        {
            return true;
        }

        foreach (var schemeAndHost in _anyPort)
        {
            if (origin.StartsWith(schemeAndHost, StringComparison.OrdinalIgnoreCase)
                && (origin.Length == schemeAndHost.Length || (origin[schemeAndHost.Length] == ':' && IsPort(origin.AsSpan(schemeAndHost.Length + 1)))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An http or https origin, <c>scheme://host</c> with an optional port, or <c>scheme://host:*</c>:
    /// no path, no user, no wildcard anywhere else.
    /// </summary>
    public static bool IsValid(string entry)
    {
        var origin = entry.EndsWith(AnyPort, StringComparison.Ordinal) ? entry[..^AnyPort.Length] : entry;
        return !origin.Contains('*', StringComparison.Ordinal)
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.UserInfo.Length == 0
            && (origin.Length == entry.Length || uri.IsDefaultPort)
            // Nothing after the authority, and the authority as written: no path, query or fragment.
            && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);
    }

    // 1 to 65535, written as a browser writes it: digits, no leading zero.
    private static bool IsPort(ReadOnlySpan<char> text) =>
        text.Length is >= 1 and <= 5
        && text[0] != '0'
        && text.IndexOfAnyExceptInRange('0', '9') < 0
        && int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
}
