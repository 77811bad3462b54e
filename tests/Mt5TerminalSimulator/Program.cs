using System.Globalization;
using System.Runtime.InteropServices;

namespace Mt5TerminalSimulator;

/// <summary>
/// Stands in for <c>terminal64.exe /portable /config:start.ini</c> running the MtApi5 expert.
/// See README.md for the contract.
/// </summary>
internal static class Program
{
    /// <summary>The chart window handle of the one simulated MtApi5 expert.</summary>
    public const int ExpertHandle = 1001;

    private const int ExitBehaviourExitCode = 1;
    private const int AccountsFileErrorExitCode = 3;

    private static readonly bool TraceEnabled = Environment.GetEnvironmentVariable("MT5SIM_TRACE") == "1";

    /// <summary>Writes a protocol trace line to stdout when MT5SIM_TRACE=1.</summary>
    public static void Trace(string message)
    {
        if (TraceEnabled)
        {
            Console.WriteLine($"mt5sim: {message}");
        }
    }

    private static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Console.WriteLine($"mt5sim: {context.Signal} received, shutting down");
            stopping.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        var dataFolder = DataFolder();
        var journal = new Journal(dataFolder);
        journal.Info("Terminal", $"MetaTrader 5 x64 build {CommandProcessor.TerminalBuild} started for MetaQuotes Ltd. (Mt5TerminalSimulator)");

        var (portable, configPath) = ParseArguments(args);
        journal.Info("Terminal", $"data folder: {dataFolder}{(portable ? " (portable mode)" : string.Empty)}");
        Console.WriteLine($"mt5sim: data folder {dataFolder}, journal {journal.CurrentPath}");

        IReadOnlyList<Account> accounts;
        try
        {
            accounts = LoadAccounts();
        }
        catch (AccountsFileException ex)
        {
            Console.Error.WriteLine($"mt5sim: {ex.Message}");
            journal.Error("Terminal", $"simulator misconfigured: {ex.Message}");
            return AccountsFileErrorExitCode;
        }

        var ini = ReadConfig(configPath, journal);
        var startup = StartupSettings.From(ini);
        var account = FindAccount(accounts, startup);
        if (account?.Behaviour == Behaviour.Exit)
        {
            journal.Error("Terminal", "terminal process terminated abnormally (simulated)");
            Console.Error.WriteLine("mt5sim: behaviour 'exit': exiting at once");
            return ExitBehaviourExitCode;
        }

        var state = new TerminalState(startup.Symbol);
        var processor = new CommandProcessor(state, ExpertHandle, dataFolder);
        var mode = account?.Behaviour switch
        {
            Behaviour.Silent => ExpertMode.Silent,
            Behaviour.EmptyExperts => ExpertMode.EmptyExperts,
            _ => ExpertMode.Normal,
        };

        // A terminal connects to its server as soon as it starts, while the chart's expert is still
        // loading: the login's delay counts from the start, not from when the expert listens.
        var authorization = Authorization.RunAsync(startup, account, accounts, state, journal, stopping.Token);

        ExpertServer? server = null;
        var port = ExpertPort(ini, startup, dataFolder, journal);
        if (account?.Behaviour == Behaviour.NoPort)
        {
            Console.WriteLine("mt5sim: behaviour 'no_port': the expert does not start, no port is opened");
        }
        else if (port is { } listenPort)
        {
            server = await StartExpertAsync(listenPort, mode, processor, startup, journal, stopping.Token)
                .ConfigureAwait(false);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM / Ctrl+C.
        }

        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        await authorization.ConfigureAwait(false);
        journal.Info("Terminal", "exit with code 0");
        return 0;
    }

    private static string DataFolder()
    {
        var overridden = Environment.GetEnvironmentVariable("MT5SIM_DATA_DIR");
        var folder = string.IsNullOrWhiteSpace(overridden) ? AppContext.BaseDirectory : Path.GetFullPath(overridden);
        return Path.TrimEndingDirectorySeparator(folder);
    }

    private static (bool Portable, string? ConfigPath) ParseArguments(string[] args)
    {
        var portable = false;
        string? configPath = null;
        foreach (var arg in args)
        {
            if (arg.Equals("/portable", StringComparison.OrdinalIgnoreCase))
            {
                portable = true;
            }
            else if (arg.StartsWith("/config:", StringComparison.OrdinalIgnoreCase))
            {
                configPath = arg["/config:".Length..].Trim().Trim('"');
            }
        }

        return (portable, string.IsNullOrEmpty(configPath) ? null : configPath);
    }

    private static IReadOnlyList<Account> LoadAccounts()
    {
        var path = Environment.GetEnvironmentVariable("MT5SIM_ACCOUNTS");
        if (string.IsNullOrWhiteSpace(path))
        {
            Console.Error.WriteLine("mt5sim: MT5SIM_ACCOUNTS is not set: there are no accounts, every login is rejected");
            return [];
        }

        var accounts = AccountsFile.Load(path);
        Console.WriteLine($"mt5sim: {accounts.Count} account(s) loaded from {path}");
        return accounts;
    }

    private static IniFile? ReadConfig(string? configPath, Journal journal)
    {
        if (configPath is null)
        {
            journal.Warning("Terminal", "no startup configuration (/config:) given");
            return null;
        }

        var fullPath = Path.GetFullPath(configPath);
        try
        {
            var ini = IniFile.Parse(TextFiles.Read(fullPath));
            journal.Info("Terminal", $"startup configuration {fullPath} loaded");
            return ini;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            journal.Error("Terminal", $"cannot open startup configuration {fullPath}: {ex.Message}");
            Console.Error.WriteLine($"mt5sim: cannot read {fullPath}: {ex.Message}");
            return null;
        }
    }

    private static Account? FindAccount(IReadOnlyList<Account> accounts, StartupSettings startup)
    {
        if (startup.Login is not { } login || startup.Server is null)
        {
            return null;
        }

        return accounts.FirstOrDefault(a =>
            a.Login == login && string.Equals(a.Server, startup.Server, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The port the MtApi5 expert would listen on, or null (with the reason in the journal) when the
    /// expert would not start.
    /// </summary>
    private static int? ExpertPort(IniFile? ini, StartupSettings startup, string dataFolder, Journal journal)
    {
        if (ini is null)
        {
            return null;
        }

        var chart = $"({startup.Symbol},{startup.Period})";
        var expert = ini.Get("StartUp", "Expert");
        if (string.IsNullOrWhiteSpace(expert))
        {
            journal.Info("Experts", "no expert in [StartUp]: nothing to start");
            return null;
        }

        // "MtApi5", "MtApi5.ex5" or a path below MQL5\Experts ending in one of them.
        var expertName = Path.GetFileName(expert.Replace('\\', '/'));
        if (expertName.EndsWith(".ex5", StringComparison.OrdinalIgnoreCase))
        {
            expertName = expertName[..^4];
        }

        if (!expertName.Equals("MtApi5", StringComparison.OrdinalIgnoreCase))
        {
            journal.Error("Experts", $"expert '{expert}' {chart} not found: only MtApi5 is available");
            return null;
        }

        if (ini.Get("Experts", "Enabled") != "1")
        {
            journal.Error("Experts", $"expert MtApi5 {chart} not started: automated trading is disabled ([Experts] Enabled is not 1)");
            return null;
        }

        if (ini.Get("Experts", "AllowDllImport") != "1")
        {
            journal.Error("Experts", $"expert MtApi5 {chart}: cannot load 'MtApi5.dll' [DLL imports are not allowed] ([Experts] AllowDllImport is not 1); expert not started");
            return null;
        }

        var presetName = ini.Get("StartUp", "ExpertParameters");
        if (string.IsNullOrWhiteSpace(presetName))
        {
            journal.Error("Experts", $"expert MtApi5 {chart} not started: no ExpertParameters preset in [StartUp], so no Port");
            return null;
        }

        var presetPath = Path.Combine(dataFolder, "MQL5", "Presets", presetName.Replace('\\', '/'));
        IniFile preset;
        try
        {
            preset = IniFile.Parse(TextFiles.Read(presetPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            journal.Error("Experts", $"expert MtApi5 {chart} not started: cannot open preset {presetPath}: {ex.Message}");
            return null;
        }

        // A .set line may carry optimisation ranges after the value: Port=8228||8228||1||8229||N.
        var portText = preset.Get(string.Empty, "Port")?.Split("||")[0].Trim();
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            journal.Error("Experts", $"expert MtApi5 {chart} not started: preset {presetName} has no valid Port");
            return null;
        }

        return port;
    }

    private static async Task<ExpertServer?> StartExpertAsync(
        int port,
        ExpertMode mode,
        CommandProcessor processor,
        StartupSettings startup,
        Journal journal,
        CancellationToken stopping)
    {
        var chart = $"({startup.Symbol},{startup.Period})";
        try
        {
            var server = await ExpertServer.StartAsync(
                    port,
                    () => new ProtocolSession(mode, ExpertHandle, processor),
                    stopping)
                .ConfigureAwait(false);
            journal.Info("Experts", $"expert MtApi5 {chart} loaded successfully");
            journal.Info("Experts", $"MtApi5 {chart}: WebSocket server listening on 127.0.0.1:{port}");
            Console.WriteLine($"mt5sim: MtApi5 listening on ws://127.0.0.1:{port}/ (mode {mode}, expert handle {ExpertHandle})");
            return server;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            journal.Error("Experts", $"MtApi5 {chart}: cannot listen on 127.0.0.1:{port}: {ex.Message}; expert removed");
            Console.Error.WriteLine($"mt5sim: cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
