using AccountRegistry.Infrastructure.Mt5.MtApi5;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

internal sealed class Mt5OptionsValidator : IValidateOptions<Mt5Options>
{
    /// <summary>The most entries a configured list may hold (servers, terminals, Sandbox accounts).</summary>
    internal const int MaxListEntries = 100;

    public ValidateOptionsResult Validate(string? name, Mt5Options options)
    {
        var failures = new List<string>();

        // Whatever the gateway: the request policy resolves mt5_path against them under the Sandbox too.
        var unfitTerminal = string.IsNullOrWhiteSpace(options.TerminalPath) ? null : TerminalPaths.Unfit(options.TerminalPath);
        if (unfitTerminal is not null)
        {
            failures.Add($"Mt5:TerminalPath '{options.TerminalPath}' {unfitTerminal}.");
        }

        if (options.Gateway == Mt5GatewayKind.MtApi5)
        {
            if (string.IsNullOrWhiteSpace(options.TerminalPath))
            {
                failures.Add(
                    "Mt5:Gateway is MtApi5 (the default outside Development), but Mt5:TerminalPath is not set: point it at " +
                    "the terminal64.exe that verifies credentials, or set Mt5:Gateway=Sandbox to run without real MT5 verification.");
            }
            else if (unfitTerminal is null && !File.Exists(options.TerminalPath))
            {
                failures.Add($"Mt5:TerminalPath '{options.TerminalPath}' does not exist.");
            }

            if (options.VerifyTimeoutSeconds is < 1 or > 600)
            {
                failures.Add("Mt5:VerifyTimeoutSeconds must be between 1 and 600.");
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

            if (options.QueueTimeoutSeconds is < 1 or > 600)
            {
                failures.Add("Mt5:QueueTimeoutSeconds must be between 1 and 600.");
            }

            if (options.CommandTimeoutSeconds is < 1 or > 120)
            {
                failures.Add("Mt5:CommandTimeoutSeconds must be between 1 and 120.");
            }

            if (options.PollIntervalMilliseconds is < 10 or > 10_000)
            {
                failures.Add("Mt5:PollIntervalMilliseconds must be between 10 and 10000.");
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

        if (options.MaxVerificationsPerClient is < 0 or > 1000)
        {
            failures.Add("Mt5:MaxVerificationsPerClient must be between 0 (no limit) and 1000.");
        }

        if (options.Sandbox.LatencyMs is < 0 or > 60_000)
        {
            failures.Add("Mt5:Sandbox:LatencyMs must be between 0 and 60000.");
        }

        // Each request walks these lists: they are bounded like everything else a request costs.
        if (options.AllowedServers.Count > MaxListEntries)
        {
            failures.Add($"Mt5:AllowedServers has {options.AllowedServers.Count} entries; at most {MaxListEntries} are allowed.");
        }

        if (options.AllowedTerminalPaths.Count > MaxListEntries)
        {
            failures.Add($"Mt5:AllowedTerminalPaths has {options.AllowedTerminalPaths.Count} entries; at most {MaxListEntries} are allowed.");
        }

        if (options.Sandbox.Accounts.Count > MaxListEntries)
        {
            failures.Add($"Mt5:Sandbox:Accounts has {options.Sandbox.Accounts.Count} entries; at most {MaxListEntries} are allowed.");
        }

        for (var i = 0; i < options.Sandbox.Accounts.Count; i++)
        {
            var account = options.Sandbox.Accounts[i];
            if (account.Login < 0 || string.IsNullOrWhiteSpace(account.Server) || string.IsNullOrEmpty(account.Password))
            {
                failures.Add($"Mt5:Sandbox:Accounts:{i} needs a Server, a Password and a Login that is 0 (any) or positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
