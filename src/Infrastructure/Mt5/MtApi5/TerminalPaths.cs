using System.Runtime.CompilerServices;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Decides which terminal a request may run. A request's mt5_path must be, as written (its full
/// path, taken lexically: nothing on disk is looked at for a path that is not allowed, so a UNC
/// path never opens a connection), the configured terminal or one of the allowed ones, or the
/// canonical path of one. It then stands for that entry's canonical path (links followed), which
/// is what is run and stored. An empty one means the configured terminal (<see cref="Resolve"/>),
/// or any install of the pool (<see cref="Pool"/>) where the gateway pools them.
/// <para>
/// Worked out once per options value (<see cref="For"/>): following the links of every configured
/// path is not a request's work. An entry whose links cannot be followed (a loop, an unreadable
/// link) is refused at start-up (<see cref="Unfit"/>), and allows nothing should it turn bad later.
/// </para>
/// </summary>
internal sealed class TerminalPaths
{
    // Keyed on the options instance: a configuration reload binds a new one.
    private static readonly ConditionalWeakTable<Mt5Options, TerminalPaths> Built = new();

    /// <summary>How install folders (and so terminal paths) compare on this system.</summary>
    public static readonly StringComparer Comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly string _default;
    private readonly Dictionary<string, string> _allowed;

    private TerminalPaths(Mt5Options options)
    {
        _default = string.Empty;
        _allowed = new Dictionary<string, string>(Comparer);
        var pool = new List<string>();
        var installs = new List<string>();
        var folders = new HashSet<string>(Comparer);
        var poolEntries = options.Terminals.Select(terminal => terminal.Path).Prepend(options.TerminalPath).ToList();
        foreach (var (entry, inPool) in poolEntries.Select(path => (path, true)).Concat(options.AllowedTerminalPaths.Select(path => (path, false))))
        {
            if (string.IsNullOrWhiteSpace(entry) || Check(entry, out var canonical) is not null)
            {
                continue;
            }

            _allowed[Path.GetFullPath(entry)] = canonical;
            _allowed[canonical] = canonical;
            _default = _default.Length == 0 && entry == options.TerminalPath ? canonical : _default;
            // One terminal per folder (start-up refuses two pool entries in one): the first entry names it.
            if (folders.Add(Folder(canonical)))
            {
                installs.Add(canonical);
                if (inPool)
                {
                    pool.Add(canonical);
                }
            }
        }

        Pool = pool;
        Installs = installs;
    }

    /// <summary>
    /// The pool (<c>Mt5:TerminalPath</c>, then <c>Mt5:Terminals</c>), canonical, one per install
    /// folder: what a request with an empty mt5_path may take.
    /// </summary>
    public IReadOnlyList<string> Pool { get; }

    /// <summary>Every configured install, canonical, one per folder: the pool, then the allowed ones.</summary>
    public IReadOnlyList<string> Installs { get; }

    /// <summary>The install folder <paramref name="terminal"/> (a canonical path) runs from: what takes turns.</summary>
    public static string Folder(string terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        return Path.GetDirectoryName(terminal) ?? terminal;
    }

    /// <summary>The terminals <paramref name="options"/> allow (options are not changed once bound).</summary>
    public static TerminalPaths For(Mt5Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Built.GetValue(options, static settings => new TerminalPaths(settings));
    }

    /// <summary>Why a configured terminal path cannot be used, or null when it can (a missing file can).</summary>
    public static string? Unfit(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Check(entry, out _);
    }

    private static string? Check(string entry, out string canonical)
    {
        canonical = string.Empty;
        if (IsRemoteOrDevice(entry))
        {
            return "is a UNC or device path: configure a local path";
        }

        try
        {
            var full = Path.GetFullPath(entry);
            try
            {
                // Throws for a loop along the path; lstat, so the file itself may be a link.
                File.GetAttributes(full);
                new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
            {
                // Missing (or a name too long to exist): refused where a terminal is needed, when one is.
            }

            canonical = Canonical(entry);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return "cannot be resolved: it is not a valid path, or a link along it loops or cannot be read";
        }
    }

    /// <summary>True for a UNC or device path (<c>\\server\share</c>, <c>//server</c>, <c>\\?\</c>, <c>\\.\</c>).</summary>
    public static bool IsRemoteOrDevice(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length >= 2 && path[0] is ('\\' or '/') && path[1] is ('\\' or '/');
    }

    /// <summary>The terminal to run for <paramref name="requested"/>, or null when it is not allowed.</summary>
    public string? Resolve(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Length == 0)
        {
            return _default.Length > 0 ? _default : null;
        }

        if (IsRemoteOrDevice(requested))
        {
            return null;
        }

        try
        {
            return _allowed.GetValueOrDefault(Path.GetFullPath(requested));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>
    /// The full path with every link along it followed, so no link can smuggle in another program.
    /// Throws for a path whose links cannot be followed; configured paths are checked at start-up.
    /// </summary>
    internal static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null)
        {
            directory = ResolveDirectory(directory);
            full = Path.Combine(directory, Path.GetFileName(full));
        }

        var target = File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) : null;
        return target is null ? full : Canonical(target.FullName);
    }

    private static string ResolveDirectory(string directory)
    {
        var parent = Path.GetDirectoryName(directory);
        var resolvedParent = parent is null ? null : ResolveDirectory(parent);
        var current = resolvedParent is null ? directory : Path.Combine(resolvedParent, Path.GetFileName(directory));
        var target = Directory.Exists(current) ? new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true) : null;
        return target is null ? current : ResolveDirectory(target.FullName);
    }
}
