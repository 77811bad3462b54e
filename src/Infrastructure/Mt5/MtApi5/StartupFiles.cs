using System.Globalization;
using System.Text;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The terminal's start-up configuration (<c>/config:start.ini</c>) and the MtApi5 expert's preset
/// (the port it listens on). The ini is the only way a terminal can be told to log in, so it
/// carries the password: it is written owner-only and deleted as soon as the terminal is done.
/// </summary>
internal static class StartupFiles
{
    private static readonly Encoding Utf16WithBom = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    /// <summary>
    /// Why a value cannot go into the ini, or null when it can. A line break would start a new key,
    /// ';' a comment, '[' a section, and the terminal trims spaces at either end.
    /// </summary>
    public static string? Unfit(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(";[\r\n\0") >= 0)
        {
            return $"{field} contains a character the MT5 terminal's start-up file cannot carry (';', '[' or a line break)";
        }

        return value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            ? $"{field} starts or ends with a space, which the MT5 terminal's start-up file would drop"
            : null;
    }

    public static string Ini(long login, string password, string server, string expert, string presetFileName) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            [Common]
            Login={login}
            Password={password}
            Server={server}
            KeepPrivate=0
            NewsEnable=0
            [Experts]
            Enabled=1
            AllowDllImport=1
            AllowLiveTrading=0
            [StartUp]
            Expert={expert}
            Symbol=EURUSD
            Period=M1
            ExpertParameters={presetFileName}

            """).ReplaceLineEndings("\r\n");

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
