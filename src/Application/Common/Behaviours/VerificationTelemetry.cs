using System.Diagnostics;
using System.Diagnostics.Metrics;
using AccountRegistry.Application.Common.Credentials;

namespace AccountRegistry.Application.Common.Behaviours;

/// <summary>
/// The verification instruments, on the service's meter <see cref="MeterName"/>, and the activity
/// source of its spans. Recorded only by <see cref="VerificationTelemetryBehaviour{TMessage, TResponse}"/>.
/// Tags are drawn from fixed sets (kind, outcome): never a login, a server or a password.
/// </summary>
public sealed class VerificationTelemetry
{
    /// <summary>The service's meter, and the name of its activity source.</summary>
    public const string MeterName = "AccountRegistry";

    public const string KindTag = "kind";
    public const string OutcomeTag = "outcome";

    /// <summary>
    /// Seconds: a Sandbox check takes milliseconds, a terminal's login from a few seconds to a
    /// minute (its start, the broker's answer, a queue in front of it), up to the two-minute limits.
    /// </summary>
    internal static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120];

    /// <summary>
    /// The spans around each credential check. Static: an activity source is process-wide, and one
    /// with no listener (tracing off) hands out no activity at all.
    /// </summary>
    internal static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _verifications;
    private readonly Histogram<double> _duration;

    public VerificationTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory gives every caller that names this meter the same one (the pool's gauges share it).
        var meter = meters.Create(MeterName);
        _verifications = meter.CreateCounter<long>(
            "account_registry.verifications", "{verification}", "Credential checks with MT5 (register, password change, verify), by kind and outcome.");
        _duration = meter.CreateHistogram(
            "account_registry.verification.duration",
            "s",
            "Time a credential check's use case took, from the request reaching it to its answer (queue and login included).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>One finished check: counted, and its time put in the histogram, under the same tags.</summary>
    public void Record(VerificationKind kind, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { KindTag, KindName(kind) }, { OutcomeTag, outcome } };
        _verifications.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>The kind as the metrics and the job API write it.</summary>
    public static string KindName(VerificationKind kind) => kind switch
    {
        VerificationKind.Register => "register",
        VerificationKind.PasswordChange => "password_change",
        VerificationKind.Verify => "verify",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>The values of the <c>outcome</c> tag.</summary>
public static class VerificationOutcome
{
    /// <summary>MT5 accepted the credentials, and the use case finished.</summary>
    public const string Verified = "verified";

    /// <summary>MT5 refused the credentials (a 401, or a stored account's check that recorded a rejection).</summary>
    public const string Rejected = "rejected";

    /// <summary>MT5 accepted them, but the account is not what the request said (live/demo, currency).</summary>
    public const string Mismatch = "mismatch";

    /// <summary>MT5 gave no verdict: no terminal, a timeout, the broker unreachable.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The request could not be checked as given: validation, a refused terminal path, an unknown account.</summary>
    public const string Invalid = "invalid";

    /// <summary>Too many recent rejections of the login: refused before MT5 was asked.</summary>
    public const string LockedOut = "locked_out";

    /// <summary>Another request holds the login or the account (already registered, a check in progress, a stale If-Match).</summary>
    public const string Conflict = "conflict";

    /// <summary>The client went away (its request was aborted) before the answer.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Anything else: a fault of the service (a 500).</summary>
    public const string Error = "error";
}
