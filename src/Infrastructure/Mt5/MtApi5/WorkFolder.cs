using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using AccountRegistry.Infrastructure.Persistence;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The folder start-up inis (with passwords) are written to. It must be the service's alone: a
/// folder someone else created, or can write to, would let them read or swap an ini.
/// </summary>
internal static class WorkFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates the folder (0700) when it is missing; returns why it may not be used, or null.
    /// On Unix it must be owned by the service's user (checked on Linux) and be mode 0700.
    /// </summary>
    public static string? Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DataDirectory.CreatePrivate(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (OperatingSystem.IsLinux() && Owner(path) is { } owner && owner != geteuid())
        {
            return $"is owned by user {owner}, not by the service's user ({geteuid()}): use a folder of the service's own";
        }

        var mode = File.GetUnixFileMode(path);
        return mode == Private
            ? null
            : $"has mode {Convert.ToString((int)mode, 8)}, not 700: only the service's user may enter it (chmod 700)";
    }

    [SupportedOSPlatform("linux")]
    private static uint? Owner(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        return statx(AtFdCwd, bytes, AtSymlinkNoFollow, StatxUid, out var status) == 0 ? status.Uid : null;
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;

    // struct statx (linux/stat.h): the same layout on every architecture.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(20)]
        public uint Uid;
    }

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, out Statx statxbuf);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
