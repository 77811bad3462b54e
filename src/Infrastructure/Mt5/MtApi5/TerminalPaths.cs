namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Decides which terminal a request may run. A request's mt5_path must be, as written (its full
/// path, taken lexically: nothing on disk is looked at for a path that is not allowed, so a UNC
/// path never opens a connection), the configured terminal or one of the allowed ones, or the
/// canonical path of one. It then stands for that entry's canonical path (links followed), which
/// is what is run and stored. An empty one means the configured terminal.
/// </summary>
internal sealed class TerminalPaths
{
    private readonly string _default;
    private readonly Dictionary<string, string> _allowed;

    public TerminalPaths(Mt5Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _default = string.IsNullOrWhiteSpace(options.TerminalPath) ? string.Empty : Canonical(options.TerminalPath);
        _allowed = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var entry in options.AllowedTerminalPaths.Prepend(options.TerminalPath).Where(path => !string.IsNullOrWhiteSpace(path)))
        {
            var canonical = Canonical(entry);
            _allowed[Path.GetFullPath(entry)] = canonical;
            _allowed[canonical] = canonical;
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

    /// <summary>The full path with every link along it followed, so no link can smuggle in another program.</summary>
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
