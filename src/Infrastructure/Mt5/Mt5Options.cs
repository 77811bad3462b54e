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

    /// <summary>The global terminal64.exe, used when a request's mt5_path is empty. Required for MtApi5.</summary>
    public string TerminalPath { get; set; } = string.Empty;

    /// <summary>
    /// The terminals a request's mt5_path may name (besides <see cref="TerminalPath"/>). mt5_path
    /// comes from an unauthenticated request and names a program to run, so nothing else is run.
    /// </summary>
    public List<string> AllowedTerminalPaths { get; init; } = [];

    /// <summary>A program the terminal is started through, e.g. <c>wine</c> on Linux. Empty: started directly.</summary>
    public string LaunchPrefix { get; set; } = string.Empty;

    /// <summary>
    /// The servers a request may name, as patterns (<c>MetaQuotes-*</c>): the whole name, any case.
    /// Empty: any server. Applies whatever the gateway.
    /// </summary>
    public List<string> AllowedServers { get; init; } = [];

    /// <summary>How long a verification may wait for its turn on an install before it is unavailable (503).</summary>
    public int QueueTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one verification may take, from when it has its turn on the terminal.</summary>
    public int VerifyTimeoutSeconds { get; set; } = 60;

    /// <summary>How long connecting to the MtApi5 expert, and each of its commands, may take.</summary>
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the terminal is asked for its state while it logs in.</summary>
    public int PollIntervalMilliseconds { get; set; } = 250;

    /// <summary>
    /// Where start-up files that carry a password are written (owner-only, deleted after each
    /// launch). Empty: <c>mt5-work</c> in the service's data folder. It must be the service's
    /// user's, mode 0700 (created so when missing); start-up fails otherwise.
    /// </summary>
    public string WorkDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Names of the service's environment variables the terminal also gets, besides the few it
    /// always gets (PATH, HOME, LANG, LC_*, TMPDIR/TEMP/TMP, DISPLAY, WINE*, XDG_RUNTIME_DIR). The
    /// terminal is third-party code that talks to a server the caller chose: nothing else of the
    /// service's environment (encryption keys, connection strings) reaches it.
    /// </summary>
    public List<string> InheritEnvironment { get; init; } = [];

    /// <summary>Environment variables set for the terminal, by name, whatever the service's own environment holds.</summary>
    public Dictionary<string, string> TerminalEnvironment { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The MtApi5 expert's name, as the terminal knows it under MQL5/Experts.</summary>
    public string ExpertName { get; set; } = "MtApi5";

    public SandboxOptions Sandbox { get; init; } = new();

    /// <summary>
    /// Registrations (each a verification, queued or running) one client address may have in
    /// flight at once; more get 429. 0 turns the limit off.
    /// </summary>
    public int MaxVerificationsPerClient { get; set; } = 2;
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
