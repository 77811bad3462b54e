using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>The <c>Mt5:Sandbox</c> section.</summary>
public sealed class SandboxOptions
{
    /// <summary>False simulates an MT5 outage: every verification is unavailable (503).</summary>
    public bool Available { get; set; } = true;

    /// <summary>Simulated verification time, for benchmarks.</summary>
    [SettingRange("Mt5:Sandbox:LatencyMs", 0, 60_000)]
    public int LatencyMs { get; set; }

    /// <summary>The accounts it accepts; checked in turn for each verification.</summary>
    [SettingMaxCount("Mt5:Sandbox:Accounts", Mt5Options.MaxListEntries)]
    public List<SandboxAccount> Accounts { get; init; } = [];
}
