using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>
/// Makes files (and a directory) unwritable until disposed, even for connections that already have
/// them open. As root, file modes are no obstacle, so the immutable attribute (<c>chattr +i</c>) is
/// used; otherwise the write bits are removed and the SQLite pool is cleared so that connections are
/// opened afresh. Where neither can be done, the test is inconclusive rather than passed.
/// </summary>
internal sealed class UnwritableFiles : IDisposable
{
    private readonly string[] _paths;
    private readonly Dictionary<string, UnixFileMode> _modes = [];

    private UnwritableFiles(string[] paths) => _paths = paths;

    public static UnwritableFiles Make(params string[] paths)
    {
        var existing = paths.Where(p => File.Exists(p) || Directory.Exists(p)).ToArray();
        var files = new UnwritableFiles(existing);
        if (Environment.IsPrivilegedProcess)
        {
            if (!Chattr("+i", existing))
            {
                Chattr("-i", existing);
                Assert.Inconclusive("chattr +i is not available here (not an ext4-like file system, or no e2fsprogs)");
            }
        }
        else if (!OperatingSystem.IsWindows())
        {
            foreach (var path in existing)
            {
                files._modes[path] = File.GetUnixFileMode(path);
                File.SetUnixFileMode(path, files._modes[path] & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            }

            SqliteConnection.ClearAllPools();
        }
        else
        {
            Assert.Inconclusive("needs Linux file permissions");
        }

        return files;
    }

    public void Dispose()
    {
        if (Environment.IsPrivilegedProcess)
        {
            // Left immutable, the files could not even be deleted: say so loudly.
            if (!Chattr("-i", _paths))
            {
                throw new InvalidOperationException($"chattr -i failed; run it by hand on: {string.Join(' ', _paths)}");
            }

            return;
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var (path, mode) in _modes)
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool Chattr(string flag, string[] paths)
    {
        try
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, .. paths]) { RedirectStandardError = true });
            chattr!.WaitForExit();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
