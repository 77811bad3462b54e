using System.Diagnostics;
using NUnit.Framework;

namespace AccountRegistry.Tests.Simulation;

/// <summary>Whether a process the tests did not start themselves (one a terminal started) still runs.</summary>
public static class RunningProcess
{
    /// <summary>Whether process <paramref name="id"/> runs (a zombie, killed and awaiting its reaper, does not).</summary>
    public static bool IsRunning(int id)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{id}/stat");
                return stat[stat.LastIndexOf(')')..] is not [_, _, 'Z' or 'X', ..];
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Fails unless process <paramref name="id"/> ends within 10 s (a SIGKILL takes effect at once).</summary>
    public static async Task UntilGoneAsync(int id, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (IsRunning(id))
        {
            if (DateTime.UtcNow > deadline)
            {
                KillQuietly(id);
                Assert.Fail($"{what} (process {id}) is still running");
            }

            await Task.Delay(50);
        }
    }

    private static void KillQuietly(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            process.Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone after all.
        }
    }
}
