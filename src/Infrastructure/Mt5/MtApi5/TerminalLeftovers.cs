using System.Diagnostics;
using System.Globalization;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// What a run of the service that died mid-verification may have left: start-up inis (with a
/// password), presets, and terminals still logged in. Each launch records its supervisor (id and
/// start time; on Unix the supervisor leads the process group of the terminal and all it
/// started, which is stopped as a whole) beside its ini, and removes the record when it ends; at start-up every leftover is
/// removed, and a recorded process is stopped only when its start time matches, so a recycled
/// process id is never killed.
/// </summary>
internal static class TerminalLeftovers
{
    public const string FilePrefix = "account-registry-";

    /// <summary>Writes the record of <paramref name="process"/>; returns its path, to delete when the launch ends.</summary>
    public static string Record(string workDirectory, string id, Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var path = Path.Combine(workDirectory, $"{FilePrefix}{id}.pid");
        StartupFiles.WritePrivate(path, string.Create(CultureInfo.InvariantCulture, $"{process.Id} {StartStamp(process)}"));
        return path;
    }

    /// <summary>
    /// Stops the recorded processes that still run and deletes every leftover file: records and
    /// inis in <paramref name="workDirectory"/>, presets of <paramref name="terminals"/>' installs.
    /// Returns how many processes were stopped and files deleted.
    /// </summary>
    public static (int Stopped, int Deleted) CleanUp(string workDirectory, IEnumerable<string> terminals)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        var stopped = 0;
        var deleted = 0;
        if (Directory.Exists(workDirectory))
        {
            foreach (var record in Directory.EnumerateFiles(workDirectory, $"{FilePrefix}*.pid"))
            {
                stopped += StopRecorded(record) ? 1 : 0;
                deleted += Delete(record);
            }

            deleted += Directory.EnumerateFiles(workDirectory, $"{FilePrefix}*.ini").Sum(Delete);
        }

        foreach (var terminal in terminals.Where(path => !string.IsNullOrWhiteSpace(path)))
        {
            // Where launches write them: beside the terminal that is run, its links followed.
            var presets = Path.Combine(Path.GetDirectoryName(TerminalPaths.Canonical(terminal)) ?? string.Empty, "MQL5", "Presets");
            if (Directory.Exists(presets))
            {
                deleted += Directory.EnumerateFiles(presets, $"{FilePrefix}*.set").Sum(Delete);
            }
        }

        return (stopped, deleted);
    }

    /// <summary>
    /// When the process started, exactly: on Linux its start time in clock ticks after boot (as
    /// /proc has it; Process.StartTime is derived from it with a boot time that varies between
    /// readers), elsewhere Process.StartTime.
    /// </summary>
    internal static long StartStamp(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            var stat = File.ReadAllText($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            // The name (field 2) is in parentheses and may hold spaces; starttime is field 22.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
        }

        return process.StartTime.ToUniversalTime().Ticks;
    }

    private static bool StopRecorded(string record)
    {
        try
        {
            var parts = File.ReadAllText(record).Split(' ');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
            {
                return false;
            }

            using var process = Process.GetProcessById(id);
            if (process.HasExited || StartStamp(process) != stamp)
            {
                return false;
            }

            if (!OperatingSystem.IsWindows() && ProcessGroup.Leads(id))
            {
                // A supervisor: its group holds the terminal and all it started, reparented or not.
                ProcessGroup.Kill(id);
            }
            else
            {
                process.Kill(entireProcessTree: true);
            }

            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException
            or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Gone already (or never ours to stop).
            return false;
        }
    }

    private static int Delete(string file)
    {
        try
        {
            File.Delete(file);
            return 1;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
