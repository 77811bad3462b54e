namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Decides which terminal a request may run. A request's mt5_path must resolve (full path, links
/// followed) to the configured terminal or one of the allowed ones; an empty one means the
/// configured terminal.
/// </summary>
internal sealed class TerminalPaths
{
    private readonly string _default;
    private readonly HashSet<string> _allowed;

    public TerminalPaths(Mt5Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _default = string.IsNullOrWhiteSpace(options.TerminalPath) ? string.Empty : Canonical(options.TerminalPath);
        _allowed = new HashSet<string>(
            options.AllowedTerminalPaths.Where(path => !string.IsNullOrWhiteSpace(path)).Select(Canonical),
            OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        if (_default.Length > 0)
        {
            _allowed.Add(_default);
        }
    }

    /// <summary>The terminal to run for <paramref name="requested"/>, or null when it is not allowed.</summary>
    public string? Resolve(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Length == 0)
        {
            return _default.Length > 0 ? _default : null;
        }

        string canonical;
        try
        {
            canonical = Canonical(requested);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }

        return _allowed.Contains(canonical) ? canonical : null;
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
