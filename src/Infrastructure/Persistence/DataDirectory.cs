using Microsoft.Extensions.Hosting;

namespace AccountRegistry.Infrastructure.Persistence;

internal static class DataDirectory
{
    /// <summary>0700: the mode of a folder only the service's user may enter.</summary>
    internal const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The data folder as a full path: relative paths are under the content root.</summary>
    public static string Resolve(DatabaseOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);

    /// <summary>
    /// The default SQLite file: <c>account-registry.db</c> in Production, and a file of each other
    /// environment's own elsewhere (<c>account-registry.development.db</c>), so that a Development
    /// run and a Production run in the same folder never share accounts.
    /// </summary>
    public static string DatabasePath(DatabaseOptions options, IHostEnvironment environment) =>
        Path.Combine(Resolve(options, environment), DatabaseFileName(environment.EnvironmentName));

    /// <summary>The file name of <see cref="DatabasePath"/>: letters, digits and dashes of the environment's name, in lowercase.</summary>
    internal static string DatabaseFileName(string environmentName)
    {
        if (string.Equals(environmentName, Environments.Production, StringComparison.OrdinalIgnoreCase))
        {
            return "account-registry.db";
        }

        // An environment name is the operator's, but a file name must not become a path: anything
        // but a letter, a digit or a dash becomes a dash.
        var name = string.Create(environmentName.Length, environmentName, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) ? char.ToLowerInvariant(source[i]) : '-';
            }
        });
        return $"account-registry.{name}.db";
    }

    /// <summary>
    /// Creates a folder, and each missing parent, that only the service's user can enter (0700 on
    /// Unix): it holds the database, its key in Development, and start-up files. An existing
    /// folder is left as its owner set it.
    /// </summary>
    public static void CreatePrivate(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        if (Path.GetDirectoryName(full) is { } parent)
        {
            CreatePrivate(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, OwnerOnlyFolder);
        }
    }

    /// <summary>Creates an empty file only the service's user can read and write (0600), unless it exists.</summary>
    public static void CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (another instance made it first): used as it is.
        }
    }

    /// <summary>
    /// Takes every group and other permission off an existing file (a database an older version
    /// created 0644), leaving the owner's own as they are: a file made read-only stays read-only.
    /// Returns false when the file system refuses (another owner, an immutable file).
    /// </summary>
    public static bool RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        var owner = mode & OwnerOnlyFolder;
        if (mode == owner)
        {
            return true;
        }

        try
        {
            File.SetUnixFileMode(path, owner);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether users other than the owner may enter the folder (always false on Windows).</summary>
    public static bool OthersMayEnter(string folder) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(folder) & (UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
