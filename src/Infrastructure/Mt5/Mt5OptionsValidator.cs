using AccountRegistry.Infrastructure.Mt5.MtApi5;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>
/// Checks <see cref="Mt5Options"/>: its annotations (ranges and list bounds, generated), and the
/// rules an annotation cannot state (<see cref="Problems"/>): those that depend on the gateway, and
/// paths, names and patterns checked against the machine and what the terminal's files can carry.
/// </summary>
[OptionsValidator]
internal sealed partial class Mt5OptionsValidator : IValidateOptions<Mt5Options>
{
    /// <summary>The most entries a configured list may hold (servers, terminals, Sandbox accounts).</summary>
    internal const int MaxListEntries = Mt5Options.MaxListEntries;

    /// <summary>What is wrong beyond the annotations, one line each.</summary>
    internal static List<string> Problems(Mt5Options options)
    {
        var failures = new List<string>();

        // Whatever the gateway: the request policy resolves mt5_path against them under the Sandbox too.
        var unfitTerminal = string.IsNullOrWhiteSpace(options.TerminalPath) ? null : TerminalPaths.Unfit(options.TerminalPath);
        if (unfitTerminal is not null)
        {
            failures.Add($"Mt5:TerminalPath '{options.TerminalPath}' {unfitTerminal}.");
        }

        // The pool: Mt5:TerminalPath and each Mt5:Terminals entry, every one in a folder of its own.
        var pool = new List<(string Key, string Path)>();
        if (!string.IsNullOrWhiteSpace(options.TerminalPath) && unfitTerminal is null)
        {
            pool.Add(("Mt5:TerminalPath", options.TerminalPath));
        }

        for (var i = 0; i < options.Terminals.Count; i++)
        {
            var path = options.Terminals[i]?.Path;
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"Mt5:Terminals:{i}:Path must name an install's terminal64.exe.");
            }
            else if (TerminalPaths.Unfit(path) is { } unfit)
            {
                failures.Add($"Mt5:Terminals:{i}:Path '{path}' {unfit}.");
            }
            else
            {
                pool.Add(($"Mt5:Terminals:{i}:Path", path));
            }
        }

        // MT5 runs one terminal per install folder: two entries in one would be one install counted twice.
        var folders = new Dictionary<string, string>(TerminalPaths.Comparer);
        foreach (var (key, path) in pool)
        {
            var folder = TerminalPaths.Folder(TerminalPaths.Canonical(path));
            if (!folders.TryAdd(folder, key))
            {
                failures.Add(
                    $"{key} '{path}' is in the folder of {folders[folder]} ('{folder}'): MT5 runs one terminal per install folder, " +
                    "so each install of the pool needs a folder (a copy of the terminal) of its own.");
            }
        }

        if (options.Gateway == Mt5GatewayKind.MtApi5)
        {
            if (string.IsNullOrWhiteSpace(options.TerminalPath) && options.Terminals.Count == 0)
            {
                failures.Add(
                    "Mt5:Gateway is MtApi5 (the default outside Development), but Mt5:TerminalPath is not set: point it at " +
                    "the terminal64.exe that verifies credentials (or list installs under Mt5:Terminals:N:Path), or set " +
                    "Mt5:Gateway=Sandbox to run without real MT5 verification.");
            }

            foreach (var (key, path) in pool.Where(entry => !File.Exists(entry.Path)))
            {
                failures.Add($"{key} '{path}' does not exist.");
            }

            // It goes into every start-up ini: a value the ini cannot carry would fail each request.
            if (string.IsNullOrWhiteSpace(options.ExpertName))
            {
                failures.Add("Mt5:ExpertName must name the MtApi5 expert the terminal starts (MtApi5 by default).");
            }
            else if (StartupFiles.Unfit(options.ExpertName, "Mt5:ExpertName") is { } unfitExpert)
            {
                failures.Add($"{unfitExpert}.");
            }

            // Empty only when the options were not bound by the service (which always sets it).
            if (options.WorkDirectory.Length > 0 && WorkFolder.Prepare(options.WorkDirectory) is { } refused)
            {
                failures.Add($"Mt5:WorkDirectory '{options.WorkDirectory}' {refused}.");
            }

            for (var i = 0; i < options.InheritEnvironment.Count; i++)
            {
                if (LaunchEnvironment.Unfit(options.InheritEnvironment[i]) is { } unfit)
                {
                    failures.Add($"Mt5:InheritEnvironment:{i}: {unfit}.");
                }
            }

            foreach (var (variable, value) in options.TerminalEnvironment)
            {
                if (LaunchEnvironment.Unfit(variable) is { } unfit)
                {
                    failures.Add($"Mt5:TerminalEnvironment: {unfit}.");
                }
                else if (value.Contains('\0', StringComparison.Ordinal))
                {
                    failures.Add($"Mt5:TerminalEnvironment:{variable} holds a NUL character.");
                }
            }
        }

        for (var i = 0; i < options.AllowedTerminalPaths.Count; i++)
        {
            var entry = options.AllowedTerminalPaths[i];
            if (!string.IsNullOrWhiteSpace(entry) && TerminalPaths.Unfit(entry) is { } unfitEntry)
            {
                failures.Add($"Mt5:AllowedTerminalPaths:{i} '{entry}' {unfitEntry}.");
            }
        }

        for (var i = 0; i < options.AllowedServers.Count; i++)
        {
            if (ServerPattern.Unfit(options.AllowedServers[i]) is { } unfit)
            {
                failures.Add($"Mt5:AllowedServers:{i} {unfit}.");
            }
        }

        for (var i = 0; i < options.Sandbox.Accounts.Count; i++)
        {
            var account = options.Sandbox.Accounts[i];
            if (account.Login < 0 || string.IsNullOrWhiteSpace(account.Server) || string.IsNullOrEmpty(account.Password))
            {
                failures.Add($"Mt5:Sandbox:Accounts:{i} needs a Server, a Password and a Login that is 0 (any) or positive.");
            }
        }

        return failures;
    }
}
