namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// Counts MT5's rejections of each login, so that nobody can grind a password through this
/// service, and the broker never locks the real account because of us. Rejections are counted per
/// login and client address (<c>Lockout:MaxFailures</c>), so that a stranger's guesses do not lock
/// the owner out, and per login across all addresses (<c>Lockout:MaxFailuresPerLogin</c>, higher),
/// so that many addresses together cannot grind either. Kept in the database: every instance of
/// the service sees the same counts, and they survive a restart.
/// </summary>
public interface ILoginLockout
{
    /// <summary>How much longer the login is locked out for this client, or null when it is not.</summary>
    Task<TimeSpan?> LockedOutForAsync(long login, string client, CancellationToken cancellationToken);

    Task RecordRejectionAsync(long login, string client, CancellationToken cancellationToken);

    /// <summary>The client's credentials were accepted: its count starts again.</summary>
    Task ResetAsync(long login, string client, CancellationToken cancellationToken);
}
