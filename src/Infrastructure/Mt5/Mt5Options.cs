using System.ComponentModel.DataAnnotations;
using AccountRegistry.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

public enum Mt5GatewayKind
{
    /// <summary>Answers from configured accounts; verifies nothing against a real MT5.</summary>
    Sandbox,

    /// <summary>Starts a real terminal with the MtApi5 expert.</summary>
    MtApi5,
}

/// <summary>The <c>Mt5</c> section.</summary>
public sealed class Mt5Options : IValidatableObject
{
    /// <summary>The most entries a configured list may hold (servers, terminals, Sandbox accounts).</summary>
    public const int MaxListEntries = 100;

    public const string SectionName = "Mt5";

    /// <summary>Which gateway verifies credentials. Unset: Sandbox in Development, MtApi5 elsewhere.</summary>
    public Mt5GatewayKind? Gateway { get; set; }

    /// <summary>
    /// A terminal64.exe of the pool: the one-install shorthand for <see cref="Terminals"/>. MtApi5
    /// needs at least one install, here or there.
    /// </summary>
    public string TerminalPath { get; set; } = string.Empty;

    /// <summary>
    /// The pool of terminal installs (with <see cref="TerminalPath"/>), each in its own folder: a
    /// request with an empty mt5_path takes any free one, in arrival order across the pool.
    /// </summary>
    [SettingMaxCount("Mt5:Terminals", MaxListEntries)]
    public List<Mt5Terminal> Terminals { get; init; } = [];

    /// <summary>
    /// The terminals a request's mt5_path may name besides the pool's; each is used only by a request
    /// that names it. mt5_path comes from an unauthenticated request and names a program to run, so
    /// nothing else is run.
    /// </summary>
    [SettingMaxCount("Mt5:AllowedTerminalPaths", MaxListEntries)]
    public List<string> AllowedTerminalPaths { get; init; } = [];

    /// <summary>A program the terminal is started through, e.g. <c>wine</c> on Linux. Empty: started directly.</summary>
    public string LaunchPrefix { get; set; } = string.Empty;

    /// <summary>
    /// The servers a request may name, as patterns (<c>MetaQuotes-*</c>): the whole name, any case.
    /// Empty: any server. Applies whatever the gateway.
    /// </summary>
    [SettingMaxCount("Mt5:AllowedServers", MaxListEntries)]
    public List<string> AllowedServers { get; init; } = [];

    /// <summary>
    /// How long a verification may wait for an install before it is unavailable (503 queue_timeout);
    /// one whose estimated wait is longer is refused at once (503 queue_full).
    /// </summary>
    [SettingRange("Mt5:QueueTimeoutSeconds", 1, 600)]
    public int QueueTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The most verifications that may wait for an install at once; more are refused at once (503
    /// queue_full). 0: none waits, a request is verified only when an install is free.
    /// </summary>
    [SettingRange("Mt5:MaxQueueLength", 0, 10_000)]
    public int MaxQueueLength { get; set; } = 100;

    /// <summary>Failures to start in a row after which an install is taken out of rotation.</summary>
    [SettingRange("Mt5:InstallFailuresBeforeRest", 1, 100)]
    public int InstallFailuresBeforeRest { get; set; } = 3;

    /// <summary>How long an install that keeps failing to start stays out of rotation.</summary>
    [SettingRange("Mt5:InstallRestSeconds", 1, 3_600)]
    public int InstallRestSeconds { get; set; } = 60;

    /// <summary>How long one verification may take, from when it has its turn on the terminal.</summary>
    [SettingRange("Mt5:VerifyTimeoutSeconds", 1, 600)]
    public int VerifyTimeoutSeconds { get; set; } = 60;

    /// <summary>How long connecting to the MtApi5 expert, and each of its commands, may take.</summary>
    [SettingRange("Mt5:CommandTimeoutSeconds", 1, 120)]
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the terminal is asked for its state while it logs in.</summary>
    [SettingRange("Mt5:PollIntervalMilliseconds", 10, 10_000)]
    public int PollIntervalMilliseconds { get; set; } = 100;

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

    [ValidateObjectMembers]
    public SandboxOptions Sandbox { get; init; } = new();

    /// <summary>
    /// Registrations (each a verification, queued or running) one client address may have in
    /// flight at once; more get 429. 0 turns the limit off.
    /// </summary>
    [SettingRange("Mt5:MaxVerificationsPerClient", 0, 1000, ErrorMessage = "{0} must be between {1} (no limit) and {2}.")]
    public int MaxVerificationsPerClient { get; set; } = 2;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
        Mt5OptionsValidator.Problems(this).Select(problem => new ValidationResult(problem));
}
