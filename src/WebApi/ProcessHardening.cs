using System.Runtime.InteropServices;

namespace AccountRegistry.WebApi;

/// <summary>
/// Keeps the service's memory and environment (encryption keys, connection strings, decrypted
/// passwords) from other processes of the same user, above all the MT5 terminals it starts:
/// third-party code with DLL imports allowed. On Linux a process is "dumpable" by default, so any
/// process of its user may read <c>/proc/&lt;pid&gt;/environ</c> and, where ptrace is allowed, its
/// memory. Marked not dumpable, those files belong to root. The cost: no core dumps.
/// </summary>
internal static class ProcessHardening
{
    private const int PrGetDumpable = 3;
    private const int PrSetDumpable = 4;

    /// <summary>Marks this process not dumpable (Linux); elsewhere does nothing. Returns whether it took.</summary>
    public static bool KeepMemoryPrivate() => !OperatingSystem.IsLinux() || prctl(PrSetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>Whether other processes of this user may read this one's memory and environment (always false off Linux).</summary>
    public static bool IsDumpable => OperatingSystem.IsLinux() && prctl(PrGetDumpable, 0, 0, 0, 0) == 1;

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
