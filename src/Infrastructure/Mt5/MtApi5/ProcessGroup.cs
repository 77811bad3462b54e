using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// A terminal's process group on Unix. Its supervisor is started as a session (and so group)
/// leader, so the terminal and whatever it starts — Wine's wrappers, <c>xvfb-run</c>, a program
/// that forks and exits — share one group, whose id is the supervisor's process id. Killing the
/// group reaches them all, reparented or not.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Where <c>setsid</c> is, to start the supervisor in a session and group of its own.</summary>
    public static string Setsid { get; } =
        new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) ?? "setsid";

    /// <summary>Whether process <paramref name="id"/> leads its process group.</summary>
    public static bool Leads(int id) => id > 0 && getpgid(id) == id;

    /// <summary>SIGKILL to every process of the group <paramref name="id"/>; false when none was left.</summary>
    public static bool Kill(int id) => id > 0 && kill(-id, SigKill) == 0;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getpgid(int pid);
}
