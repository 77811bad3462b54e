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

    /// <summary>No verdict could be had (terminal or server unreachable, timed out).</summary>
    public sealed record Unavailable(string Reason) : Mt5Verification;

    /// <summary>
    /// The request cannot be tried at all (a terminal path that is not allowed, a value the
    /// terminal's start-up file cannot carry). Nothing was launched.
    /// </summary>
    public sealed record InvalidRequest(string Detail) : Mt5Verification;
}
