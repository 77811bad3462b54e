using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccountRegistry.Tests.Simulation;

/// <summary>An account the MT5 terminal simulator knows (its accounts file's contract).</summary>
public sealed record SimulatedAccount(
    long Login,
    string Password,
    string Server,
    string[] Symbols,
    string Behaviour = "ok",
    int DelayMs = 0,
    string Company = "Simulated Broker Ltd.",
    string Currency = "USD",
    string TradeMode = "demo",
    bool TradeAllowed = true);

/// <summary>
/// Terminal installs for tests: each a fresh folder holding a copy of the MT5 terminal simulator,
/// which, like a portable terminal, keeps its presets and journal beside itself. Also the accounts
/// file the simulator reads (MT5SIM_ACCOUNTS) and a work folder for the gateway's start-up files.
/// A terminal gets none of the service's environment unless configured, so the accounts file
/// reaches the simulator through <c>Mt5:TerminalEnvironment</c> (<see cref="TerminalEnvironment"/>,
/// <see cref="Settings"/>).
/// </summary>
public sealed class SimulatorInstalls : IDisposable
{
    public const string ProcessName = "Mt5TerminalSimulator";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public SimulatorInstalls()
    {
        Root = Path.Combine(Path.GetTempPath(), "account-registry-sim", Guid.NewGuid().ToString("N"));
        WorkDirectory = Path.Combine(Root, "work");
        AccountsFile = Path.Combine(Root, "accounts.json");
        Directory.CreateDirectory(Root);
        WriteAccounts();
    }

    public string Root { get; }

    public string WorkDirectory { get; }

    public string AccountsFile { get; }

    /// <summary>What the simulator needs in its environment: <c>Mt5:TerminalEnvironment</c>.</summary>
    public Dictionary<string, string> TerminalEnvironment => new() { ["MT5SIM_ACCOUNTS"] = AccountsFile };

    /// <summary>
    /// The service's own variables the simulator needs: <c>Mt5:InheritEnvironment</c>. A .NET
    /// program finds its runtime through DOTNET_ROOT where it is not installed in the usual place.
    /// </summary>
    public static List<string> InheritEnvironment => ["DOTNET_ROOT"];

    /// <summary><see cref="TerminalEnvironment"/>, <see cref="InheritEnvironment"/> and the work folder, as configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mt5:TerminalEnvironment:MT5SIM_ACCOUNTS"] = AccountsFile,
        ["Mt5:InheritEnvironment:0"] = "DOTNET_ROOT",
        ["Mt5:WorkDirectory"] = WorkDirectory,
    };

    /// <summary>The simulator as built beside the tests.</summary>
    public static string SimulatorDirectory => typeof(SimulatorInstalls).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SimulatorDirectory").Value!;

    /// <summary>A new install; returns the path of its "terminal".</summary>
    public string CreateInstall(string name)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(SimulatorDirectory, $"{ProcessName}*"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return Path.Combine(folder, OperatingSystem.IsWindows() ? $"{ProcessName}.exe" : ProcessName);
    }

    public void WriteAccounts(params SimulatedAccount[] accounts) =>
        File.WriteAllText(AccountsFile, JsonSerializer.Serialize(accounts, Json));

    /// <summary>Simulator processes started from these installs that are still running.</summary>
    public IReadOnlyList<int> RunningSimulators()
    {
        var running = new List<int>();
        foreach (var process in Process.GetProcessesByName(ProcessName))
        {
            using (process)
            {
                try
                {
                    if (!process.HasExited && process.MainModule?.FileName.StartsWith(Root, StringComparison.Ordinal) == true)
                    {
                        running.Add(process.Id);
                    }
                }
                catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // It ended while we looked.
                }
            }
        }

        return running;
    }

    /// <summary>
    /// How much the installs' journals hold, in bytes. A simulator writes to its journal as soon as
    /// it starts, so an unchanged length means nothing was launched.
    /// </summary>
    public long JournalLength() =>
        Directory.GetDirectories(Root)
            .Select(install => Path.Combine(install, "logs"))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Sum(file => new FileInfo(file).Length);

    /// <summary>
    /// The logins the install of <paramref name="terminal"/> authorized, in journal order: which
    /// install ran which verification. The journal is UTF-16 with a byte-order mark, as MT5 writes it.
    /// </summary>
    public static IReadOnlyList<long> AuthorizedLogins(string terminal)
    {
        var logs = Path.Combine(Path.GetDirectoryName(terminal)!, "logs");
        if (!Directory.Exists(logs))
        {
            return [];
        }

        return Directory.GetFiles(logs).Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadAllLines(file, System.Text.Encoding.Unicode))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"'(\d+)': authorized on "))
            .Where(match => match.Success)
            .Select(match => long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>Start-up files (ini, preset) the gateway left behind.</summary>
    public IReadOnlyList<string> LeftoverFiles()
    {
        var work = Directory.Exists(WorkDirectory) ? Directory.GetFiles(WorkDirectory) : [];
        var presets = Directory.GetDirectories(Root)
            .Select(install => Path.Combine(install, "MQL5", "Presets"))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles);
        return [.. work, .. presets];
    }

    public void Dispose()
    {
        foreach (var id in RunningSimulators())
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
