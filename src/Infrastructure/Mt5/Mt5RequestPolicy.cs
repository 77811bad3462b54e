using System.Buffers;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>
/// The one place that decides, from configuration, whether a request may be tried at all, and
/// which terminal it names. <c>Mt5:AllowedServers</c>: without it, an anonymous caller can make a
/// terminal log into a server of their choosing, and one that never answers holds an install for
/// the whole verify timeout. mt5_path: only the configured terminals (<see cref="TerminalPaths"/>),
/// compared without touching the disk; the canonical path is what the account stores.
/// </summary>
internal sealed class Mt5RequestPolicy(IOptionsMonitor<Mt5Options> options) : IMt5RequestPolicy
{
    public Mt5RequestDecision Check(string server, string mt5Path)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(mt5Path);
        var settings = options.CurrentValue;
        if (settings.AllowedServers.Count > 0 && !settings.AllowedServers.Exists(pattern => ServerPattern.Matches(pattern, server)))
        {
            return Mt5RequestDecision.Refuse(Mt5RequestProblem.ServerNotAllowed, "This MT5 server is not allowed on this service; ask for it to be added to the allowed servers");
        }

        if (mt5Path.Length == 0)
        {
            return Mt5RequestDecision.Allow(string.Empty);
        }

        if (TerminalPaths.IsRemoteOrDevice(mt5Path))
        {
            return Mt5RequestDecision.Refuse(Mt5RequestProblem.TerminalNotAllowed, "mt5_path must be a local path on the service's machine; UNC and device paths are refused");
        }

        return TerminalPaths.For(settings).Resolve(mt5Path) is { } terminal
            ? Mt5RequestDecision.Allow(terminal)
            : Mt5RequestDecision.Refuse(Mt5RequestProblem.TerminalNotAllowed,
                "mt5_path is not an allowed terminal; leave it empty to use the service's terminal, or ask for the path to be allowed");
    }
}

/// <summary>
/// A server name pattern of <c>Mt5:AllowedServers</c>: the whole name, any case of ASCII letters, <c>*</c> for any
/// run of characters within one segment of the name. Server names may be <c>host:port</c>, so a
/// <c>*</c> never spans a <c>.</c>, <c>:</c>, <c>/</c> or <c>\</c>: <c>MetaQuotes-*</c> allows
/// <c>MetaQuotes-Demo</c> but not <c>MetaQuotes-evil.example:443</c>. A pattern may spell those
/// characters out (<c>mt5.broker.example:443</c>, <c>*.broker.example</c>).
/// </summary>
internal static class ServerPattern
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(".:/\\");

    /// <summary>Why <paramref name="pattern"/> cannot be a server pattern, or null when it can.</summary>
    public static string? Unfit(string pattern) =>
        string.IsNullOrWhiteSpace(pattern) || pattern.Trim().Length != pattern.Length
            || pattern.AsSpan().IndexOfAny(";[") >= 0 || Domain.Common.TextRules.HasControlCharacters(pattern)
            ? "must be a server name, with * for any run of characters other than '.', ':', '/' and '\\' (no spaces at either end, no ';', '[' or control characters)"
            : null;

    /// <summary>
    /// The pattern and the name must have the same separators in the same order; between them,
    /// each segment is a glob with one backtrack point (its last <c>*</c>): at most pattern × name
    /// steps in all, so a request's server name never costs more than its length times a
    /// configured pattern's.
    /// </summary>
    public static bool Matches(string pattern, string name)
    {
        var steps = 0L;
        return Matches(pattern, name, ref steps);
    }

    /// <summary><see cref="Matches(string, string)"/>, adding to <paramref name="steps"/> the steps it took.</summary>
    internal static bool Matches(string pattern, string name, ref long steps)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        ReadOnlySpan<char> p = pattern, n = name;
        while (true)
        {
            var patternEnd = p.IndexOfAny(Separators);
            var nameEnd = n.IndexOfAny(Separators);
            if (!MatchesSegment(patternEnd < 0 ? p : p[..patternEnd], nameEnd < 0 ? n : n[..nameEnd], ref steps))
            {
                return false;
            }

            if (patternEnd < 0 || nameEnd < 0)
            {
                return patternEnd < 0 && nameEnd < 0;
            }

            if (p[patternEnd] != n[nameEnd])
            {
                return false;
            }

            p = p[(patternEnd + 1)..];
            n = n[(nameEnd + 1)..];
        }
    }

    private static bool MatchesSegment(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name, ref long steps)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            steps++;
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && SameLetter(pattern[p], name[n]))
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// Equal, or the same ASCII letter in the other case. Only ASCII folds: Unicode's case rules
    /// would let other characters stand for ASCII ones ('ſ' upper-cases to 'S', 'ı' to 'I', the
    /// Kelvin sign lower-cases to 'k').
    /// </summary>
    private static bool SameLetter(char a, char b) => a == b || (char.IsAsciiLetter(a) && (a | 0x20) == (b | 0x20));
}
