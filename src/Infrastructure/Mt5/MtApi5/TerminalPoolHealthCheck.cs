using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Ready while the MtApi5 gateway has an install of its pool in rotation: with every install resting
/// after failing to start, each registration would only get a 503. Reports the installs (total,
/// usable, busy, resting) and the queue either way.
/// </summary>
internal sealed class TerminalPoolHealthCheck(IOptionsMonitor<Mt5Options> options, TerminalPool pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.CurrentValue.Gateway != Mt5GatewayKind.MtApi5)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no terminal installs: the Sandbox gateway"));
        }

        var state = pool.Snapshot();
        var data = new Dictionary<string, object>
        {
            ["total"] = state.Total,
            ["usable"] = state.Usable,
            ["busy"] = state.Busy,
            ["resting"] = state.Resting,
            ["queued"] = state.Queued,
        };
        var description = $"{state.Usable} of {state.Total} terminal installs usable, {state.Busy} busy, {state.Resting} resting; {state.Queued} verifications queued";
        return Task.FromResult(state.PoolUsable > 0
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Unhealthy($"No install of the terminal pool is usable: {description}", data: data));
    }
}
