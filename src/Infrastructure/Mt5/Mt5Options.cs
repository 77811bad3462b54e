using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Infrastructure.Mt5;

public enum Mt5GatewayKind
{
    /// <summary>Answers from configured accounts; verifies nothing against a real MT5.</summary>
    Sandbox,

    /// <summary>Starts a real terminal with the MtApi5 expert.</summary>
    MtApi5,
}

/// <summary>The <c>Mt5</c> section.</summary>
public sealed class Mt5Options
{
    public const string SectionName = "Mt5";

    /// <summary>Which gateway verifies credentials. Unset: Sandbox in Development, MtApi5 elsewhere.</summary>
    public Mt5GatewayKind? Gateway { get; set; }

    /// <summary>The global terminal64.exe, used when a request's mt5_path is empty.</summary>
    public string TerminalPath { get; set; } = string.Empty;

    public SandboxOptions Sandbox { get; init; } = new();
}

/// <summary>The <c>Mt5:Sandbox</c> section.</summary>
public sealed class SandboxOptions
{
    /// <summary>False simulates an MT5 outage: every verification is unavailable (503).</summary>
    public bool Available { get; set; } = true;

    /// <summary>Simulated verification time, for benchmarks.</summary>
    public int LatencyMs { get; set; }

    public List<SandboxAccount> Accounts { get; init; } = [];
}

/// <summary>
/// An account the Sandbox accepts. With no <see cref="Login"/> (or 0) it is a wildcard: any login on
/// its server with its password is valid, with this entry's other properties.
/// </summary>
public sealed class SandboxAccount
{
    public long Login { get; set; }

    public string Password { get; set; } = string.Empty;

    public string Server { get; set; } = string.Empty;

    public string Company { get; set; } = "Sandbox Broker";

    public string Currency { get; set; } = "USD";

    public Mt5TradeMode TradeMode { get; set; } = Mt5TradeMode.Demo;

    public bool TradeAllowed { get; set; } = true;

    public List<string> Symbols { get; init; } = [];

    public bool IsWildcard => Login == 0;
}
