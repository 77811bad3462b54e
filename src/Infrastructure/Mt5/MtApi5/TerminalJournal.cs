using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>What the terminal's journal said about a login.</summary>
internal abstract record AuthorizationEntry(long Login, string Server)
{
    /// <summary><c>'12345678': authorized on MetaQuotes-Demo through Access Point ...</c>.</summary>
    public sealed record Authorized(long Login, string Server) : AuthorizationEntry(Login, Server);

    /// <summary><c>'12345678': authorization on MetaQuotes-Demo failed (Invalid account)</c>.</summary>
    public sealed record Failed(long Login, string Server, string Reason) : AuthorizationEntry(Login, Server);
}

/// <summary>
/// Follows the terminal's journal (<c>&lt;data folder&gt;/logs/yyyymmdd.log</c>, UTF-16LE, one
/// tab-separated line per message) from the moment it is created, reading only what was written
/// after that, and picks out the authorization results. Nothing in the MtApi5 protocol says
/// "authorization failed"; the journal does.
/// </summary>
internal sealed partial class TerminalJournal
{
    private readonly string _logs;
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _partialLines = new(StringComparer.Ordinal);

    public TerminalJournal(string dataFolder)
    {
        _logs = Path.Combine(dataFolder, "logs");
        foreach (var file in LogFiles())
        {
            _offsets[file] = new FileInfo(file).Length;
        }
    }

    /// <summary>The authorization entries written since the last call.</summary>
    public IReadOnlyList<AuthorizationEntry> ReadNewEntries()
    {
        var entries = new List<AuthorizationEntry>();
        foreach (var file in LogFiles())
        {
            foreach (var line in ReadNewLines(file))
            {
                if (Parse(line) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    /// <summary>Reads one journal line; null when it is not an authorization result.</summary>
    internal static AuthorizationEntry? Parse(string line)
    {
        // code \t importance \t time \t source \t message; the message is the last field.
        var message = line[(line.LastIndexOf('\t') + 1)..].Trim();
        var authorized = AuthorizedLine().Match(message);
        if (authorized.Success && long.TryParse(authorized.Groups["login"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var login))
        {
            return new AuthorizationEntry.Authorized(login, authorized.Groups["server"].Value);
        }

        var failed = FailedLine().Match(message);
        return failed.Success && long.TryParse(failed.Groups["login"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out login)
            ? new AuthorizationEntry.Failed(login, failed.Groups["server"].Value, failed.Groups["reason"].Value)
            : null;
    }

    private IEnumerable<string> LogFiles() =>
        Directory.Exists(_logs) ? Directory.EnumerateFiles(_logs, "*.log") : [];

    private List<string> ReadNewLines(string file)
    {
        var offset = _offsets.GetValueOrDefault(file);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset)
            {
                return [];
            }

            stream.Position = offset;
            bytes = new byte[stream.Length - offset];
            stream.ReadExactly(bytes);
        }
        catch (IOException)
        {
            return [];
        }

        // UTF-16LE: read whole code units only; an odd byte waits for the next call.
        var usable = bytes.Length & ~1;
        _offsets[file] = offset + usable;
        var start = offset == 0 && usable >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE ? 2 : 0;
        var text = _partialLines.GetValueOrDefault(file, string.Empty) + Encoding.Unicode.GetString(bytes, start, usable - start);
        var lastBreak = text.LastIndexOf('\n');
        _partialLines[file] = lastBreak < 0 ? text : text[(lastBreak + 1)..];
        return lastBreak < 0 ? [] : [.. text[..lastBreak].Split('\n').Select(line => line.TrimEnd('\r'))];
    }

    [GeneratedRegex(@"^'(?<login>\d+)': authorized on (?<server>.+?)( through |$)")]
    private static partial Regex AuthorizedLine();

    [GeneratedRegex(@"^'(?<login>\d+)': authorization on (?<server>.+?) failed \((?<reason>.*)\)")]
    private static partial Regex FailedLine();
}
