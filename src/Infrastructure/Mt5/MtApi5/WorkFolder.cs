using System.Runtime.InteropServices;
using System.Text;
using AccountRegistry.Infrastructure.Persistence;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The folder start-up inis (with passwords) are written to. It must be the service's alone: a
/// folder someone else created, or can write to, would let them read or swap an ini.
/// </summary>
internal static class WorkFolder
{
    /// <summary>
    /// Creates the folder (0700) when it is missing; returns why it may not be used, or null.
    /// On Unix it must be a folder itself, not a symbolic link (whose target's owner and mode
    /// would be someone else's to change), be mode 0700 and, on Linux, be owned by the service's
    /// user. Type, owner and mode come from one look at the folder itself (statx, links not
    /// followed); a folder that cannot be looked at is refused.
    /// </summary>
    public static string? Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DataDirectory.CreatePrivate(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        UnixFileMode mode;
        if (OperatingSystem.IsLinux())
        {
            var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0");
            if (statx(AtFdCwd, bytes, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, out var status) != 0)
            {
                return $"cannot be examined (error {Marshal.GetLastPInvokeError()}), so it cannot be known to be the service's own";
            }

            if ((status.Mode & FileTypeMask) == SymbolicLink)
            {
                return "is a symbolic link: use the folder itself, owned by the service's user";
            }

            if (status.Uid != geteuid())
            {
                return $"is owned by user {status.Uid}, not by the service's user ({geteuid()}): use a folder of the service's own";
            }

            mode = (UnixFileMode)(status.Mode & 0x1FF);
        }
        else
        {
            if (new DirectoryInfo(path).LinkTarget is not null)
            {
                return "is a symbolic link: use the folder itself, owned by the service's user";
            }

            mode = File.GetUnixFileMode(path);
        }

        return mode == DataDirectory.OwnerOnlyFolder
            ? null
            : $"has mode {Convert.ToString((int)mode, 8)}, not 700: only the service's user may enter it (chmod 700)";
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const ushort FileTypeMask = 0xF000;
    private const ushort SymbolicLink = 0xA000;

    // struct statx (linux/stat.h): the same layout on every architecture.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(28)]
        public ushort Mode;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, out Statx statxbuf);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
