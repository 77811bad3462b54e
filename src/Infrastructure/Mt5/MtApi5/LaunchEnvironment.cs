using System.Collections;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The environment a terminal is started with: empty, plus an allowlist. The terminal is
/// third-party code (with AllowDllImport=1) that logs into a server the anonymous caller named,
/// so the service's own environment — encryption keys, connection strings, API key hashes — must
/// never reach it.
/// </summary>
internal static class LaunchEnvironment
{
    // What a terminal (or Wine, or the shell that supervises it) needs to run, and nothing secret.
    private static readonly string[] Always =
        ["PATH", "HOME", "LANG", "TMPDIR", "TEMP", "TMP", "DISPLAY", "WINEPREFIX", "WINEDEBUG", "WINEARCH", "XDG_RUNTIME_DIR"];

    // A Windows process without these cannot even open a socket.
    private static readonly string[] AlwaysOnWindows =
        ["SystemRoot", "SystemDrive", "windir", "ComSpec", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "ProgramData",
         "ProgramFiles", "ProgramFiles(x86)", "CommonProgramFiles", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE"];

    /// <summary>The variables to start the terminal with, taken from <paramref name="service"/> (the service's environment).</summary>
    public static IReadOnlyDictionary<string, string> For(Mt5Options settings, IDictionary service)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(service);
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var inherited = new HashSet<string>(Always.Concat(settings.InheritEnvironment), comparer);
        if (OperatingSystem.IsWindows())
        {
            inherited.UnionWith(AlwaysOnWindows);
        }

        var environment = new Dictionary<string, string>(comparer);
        foreach (DictionaryEntry entry in service)
        {
            if (entry is { Key: string name, Value: string value } && (inherited.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal)))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in settings.TerminalEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Why <paramref name="name"/> cannot name an environment variable, or null when it can.</summary>
    public static string? Unfit(string name) =>
        string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny("=\0") >= 0 || name.Trim().Length != name.Length
            ? $"'{name}' is not an environment variable name"
            : null;
}
