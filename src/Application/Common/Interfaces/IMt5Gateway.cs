using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>Logs into MT5 with a set of credentials and reports what it found.</summary>
public interface IMt5Gateway
{
    /// <summary>
    /// Verifies the credentials. Returns the verdict; throws only for faults (which the caller
    /// treats as MT5 being unavailable) and when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// How many verifications it can run at once (its terminal installs); more wait in its queue.
    /// The job worker claims no more than this, so queued jobs wait in the database, where any
    /// instance may take them, and not in this instance's install queue, which times out.
    /// </summary>
    int Capacity => int.MaxValue;
}

/// <param name="Login">The MT5 account number.</param>
/// <param name="Password">The password to log in with.</param>
/// <param name="Server">The MT5 server name, as the broker spells it.</param>
/// <param name="TerminalPath">The terminal to use; empty means the gateway's configured one.</param>
public sealed record Mt5LoginRequest(long Login, Password Password, string Server, string TerminalPath);

/// <summary>The gateway's verdict on a set of credentials.</summary>
public abstract record Mt5Verification
{
    private Mt5Verification()
    {
    }

    /// <summary>The terminal logged in; this is what MT5 reported.</summary>
    public sealed record Verified(Mt5AccountSnapshot Account) : Mt5Verification;

    /// <summary>MT5 refused the login, password or server. Never retried: brokers lock accounts.</summary>
    public sealed record Rejected(string Reason) : Mt5Verification;

    /// <summary>
    /// No verdict could be had (terminal or server unreachable, timed out, no install free). The
    /// reason is for the log; <paramref name="Kind"/> is what the client is told (a stable code),
    /// and <paramref name="RetryAfter"/>, when known, how long a retry should wait.
    /// </summary>
    public sealed record Unavailable(string Reason, Mt5Unavailability Kind = Mt5Unavailability.TerminalFailed, TimeSpan? RetryAfter = null)
        : Mt5Verification;

    /// <summary>
    /// The request cannot be tried at all (a terminal path that is not allowed, a value the
    /// terminal's start-up file cannot carry). Nothing was launched.
    /// </summary>
    public sealed record InvalidRequest(string Detail, Mt5RequestProblem Problem = Mt5RequestProblem.TerminalNotAllowed) : Mt5Verification;
}

/// <summary>Why no verdict could be had: each is a stable code in a 503's body (see the README).</summary>
public enum Mt5Unavailability
{
    /// <summary>terminal_failed: the terminal would not start, exited, or broke the protocol; or the gateway failed.</summary>
    TerminalFailed,

    /// <summary>terminal_timeout: the terminal gave no verdict within Mt5:VerifyTimeoutSeconds.</summary>
    TerminalTimeout,

    /// <summary>queue_full: the queue for a terminal install is full; refused at once, with an estimated Retry-After.</summary>
    QueueFull,

    /// <summary>queue_timeout: no install allowed for the request became free within Mt5:QueueTimeoutSeconds.</summary>
    QueueTimeout,

    /// <summary>no_usable_terminal: every install allowed for the request is out of rotation after failing to start.</summary>
    NoUsableTerminal,

    /// <summary>service_stopping: the service is shutting down.</summary>
    ServiceStopping,

    /// <summary>mt5_unavailable: MT5 is unavailable for another reason (the Sandbox set to unavailable).</summary>
    Mt5Unavailable,
}

/// <summary>Why a request cannot be tried at all: each is a stable code in a 400's body (see the README).</summary>
public enum Mt5RequestProblem
{
    /// <summary>terminal_not_allowed: mt5_path is not an allowed terminal, or no terminal is configured.</summary>
    TerminalNotAllowed,

    /// <summary>server_not_allowed: Mt5:AllowedServers does not allow the server.</summary>
    ServerNotAllowed,

    /// <summary>credentials_unusable: a value the terminal's start-up file cannot carry (a line break, a control character).</summary>
    CredentialsUnusable,
}
