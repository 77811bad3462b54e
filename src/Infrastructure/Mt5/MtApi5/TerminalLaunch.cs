using System.Diagnostics;
using AccountRegistry.Infrastructure.Persistence;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// One run of a terminal, started with a start-up ini that logs it in and a preset that gives the
/// MtApi5 expert its port. Disposing it — after success, failure, timeout or cancellation alike —
/// stops the terminal's whole process group (all the terminal started) and deletes both files. Should the service die without disposing
/// it (SIGKILL, a crash), the terminal's supervisor ends it, and the next start-up removes what is
/// left (<see cref="TerminalLeftovers"/>; docs/decisions/007-terminal-process-lifetime.md).
/// </summary>
internal sealed class TerminalLaunch : IAsyncDisposable
{
    // Runs the terminal ("$@") and ends it, with everything it started, as soon as its standard
    // input reaches end of file: the service holds the only write end, and the kernel closes it
    // however the service dies. The supervisor is started through setsid, so it leads a process
    // group of its own that the terminal, its children and the watcher all belong to: the watcher's
    // `kill 0` ends that whole group, and the group outlives a terminal that forks and exits (the
    // watcher is still in it), so its id is never reused while the service may still kill it. It
    // exits with the terminal's own status when the terminal ends first. Background jobs of a
    // non-interactive shell read /dev/null, so the watcher gets the pipe through descriptor 3.
    private const string Supervisor = """
        exec 3<&0
        "$@" 3<&- </dev/null &
        child=$!
        ( while read -r _; do :; done; kill -KILL 0 ) <&3 >/dev/null 2>&1 &
        exec 3<&-
        wait "$child"
        exit "$?"
        """;

    private readonly Process _process;
    private readonly string[] _files;

    private TerminalLaunch(Process process, string[] files)
    {
        _process = process;
        _files = files;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="terminalPath">The terminal's executable; its folder is the data folder (portable mode).</param>
    /// <param name="launchPrefix">A program to start the terminal through (<c>wine</c>), or empty.</param>
    /// <param name="workDirectory">A private folder for the ini.</param>
    /// <param name="ini">Builds the ini from the preset's file name.</param>
    /// <param name="port">The port the MtApi5 expert is to listen on.</param>
    /// <param name="environment">The terminal's whole environment (<see cref="LaunchEnvironment"/>): nothing else is inherited.</param>
    public static TerminalLaunch Start(
        string terminalPath, string launchPrefix, string workDirectory, Func<string, string> ini, int port, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(ini);
        ArgumentNullException.ThrowIfNull(environment);
        var dataFolder = Path.GetDirectoryName(terminalPath)!;
        var presets = Path.Combine(dataFolder, "MQL5", "Presets");
        Directory.CreateDirectory(presets);
        DataDirectory.CreatePrivate(workDirectory);

        var id = Guid.NewGuid().ToString("N");
        var presetName = $"account-registry-{id}.set";
        var presetPath = Path.Combine(presets, presetName);
        var iniPath = Path.Combine(workDirectory, $"account-registry-{id}.ini");
        string[] files = [iniPath, presetPath];
        try
        {
            StartupFiles.WritePrivate(presetPath, StartupFiles.Preset(port));
            StartupFiles.WritePrivate(iniPath, ini(presetName));

            var start = new ProcessStartInfo
            {
                WorkingDirectory = dataFolder,
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment.Clear();
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var command = new List<string>();
            if (launchPrefix.Length > 0)
            {
                command.Add(launchPrefix);
            }

            command.AddRange([terminalPath, "/portable", $"/config:{PathForTerminal(iniPath, launchPrefix)}"]);
            if (OperatingSystem.IsWindows())
            {
                // No supervisor on Windows: a leftover terminal is ended by the next start-up.
                start.FileName = command[0];
            }
            else
            {
                start.FileName = ProcessGroup.Setsid;
                command.InsertRange(0, ["/bin/sh", "-c", Supervisor, "account-registry-terminal"]);
            }

            foreach (var argument in command.Skip(OperatingSystem.IsWindows() ? 1 : 0))
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"The terminal {terminalPath} did not start.");
            try
            {
                files = [.. files, TerminalLeftovers.Record(workDirectory, id, process)];
            }
            catch
            {
                Stop(process);
                process.Dispose();
                throw;
            }

            // Drain its output so that a chatty terminal never blocks on a full pipe; none of it is kept.
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new TerminalLaunch(process, files);
        }
        catch
        {
            DeleteAll(files);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Stop(_process);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stoppable: the files go regardless.
        }
        finally
        {
            _process.Dispose();
            DeleteAll(_files);
        }
    }

    /// <summary>
    /// Ends the terminal and all it started. On Unix that is the supervisor's process group, even
    /// when the supervisor itself has exited (the group's watcher keeps it, and its id, alive).
    /// </summary>
    private static void Stop(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        else
        {
            ProcessGroup.Kill(process.Id);
        }
    }

    /// <summary>Under Wine the terminal sees Unix paths through drive Z:.</summary>
    internal static string PathForTerminal(string path, string launchPrefix) =>
        Path.GetFileNameWithoutExtension(launchPrefix) is "wine" or "wine64"
            ? "Z:" + path.Replace('/', '\\')
            : path;

    private static void DeleteAll(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Retried below once the terminal lets go of it.
                Thread.Sleep(100);
                TryDelete(file);
            }
            catch (UnauthorizedAccessException)
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The file system refused twice; the file stays owner-only in an owner-only folder.
        }
    }
}
