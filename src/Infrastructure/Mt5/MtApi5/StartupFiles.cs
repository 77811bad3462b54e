using System.Buffers;
using System.Globalization;
using System.Text;
using AccountRegistry.Domain.Common;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The terminal's start-up configuration (<c>/config:start.ini</c>) and the MtApi5 expert's preset
/// (the port it listens on). The ini is the only way a terminal can be told to log in, so it
/// carries the password: it is written owner-only and deleted as soon as the terminal is done.
/// </summary>
internal static class StartupFiles
{
    private static readonly Encoding Utf16WithBom = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    // Every character that some reader takes for the end of a line (String.ReplaceLineEndings's set).
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u000B\u000C\u0085\u2028\u2029\0");

    /// <summary>
    /// Why a value cannot go into the ini, or null when it can. A line break (any of them, U+2028
    /// included) would start a new key, ';' a comment, '[' a section, a control or format character
    /// has no place in a credential, and the terminal trims spaces at either end.
    /// </summary>
    public static string? Unfit(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(";[") >= 0 || TextRules.HasControlCharacters(value))
        {
            return $"{field} contains a character the MT5 terminal's start-up file cannot carry (';', '[', a line break or a control character)";
        }

        return value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            ? $"{field} starts or ends with a space, which the MT5 terminal's start-up file would drop"
            : null;
    }

    /// <summary>
    /// The start-up ini: one line per entry, joined with CRLF. The values are written as they are,
    /// never rewritten; one that would break its line is a programming error (callers check
    /// <see cref="Unfit"/> first), and is refused here rather than written.
    /// </summary>
    public static string Ini(long login, string password, string server, string expert, string presetFileName)
    {
        string[] lines =
        [
            "[Common]",
            Entry("Login", login.ToString(CultureInfo.InvariantCulture)),
            Entry("Password", password),
            Entry("Server", server),
            "KeepPrivate=0",
            "NewsEnable=0",
            "[Experts]",
            "Enabled=1",
            "AllowDllImport=1",
            "AllowLiveTrading=0",
            "[StartUp]",
            Entry("Expert", expert),
            "Symbol=EURUSD",
            "Period=M1",
            Entry("ExpertParameters", presetFileName),
        ];
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string Entry(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // The value is not quoted: it may be a password.
        return value.AsSpan().ContainsAny(LineBreaks)
            ? throw new ArgumentException($"The start-up file's {key} would carry a line break", nameof(value))
            : $"{key}={value}";
    }

    public static string Preset(int port) => string.Create(CultureInfo.InvariantCulture, $"Port={port}\r\n");

    /// <summary>Writes a new file that only the service's user can read (0600 on Unix). Fails if it exists.</summary>
    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, Utf16WithBom);
        writer.Write(content);
    }
}
