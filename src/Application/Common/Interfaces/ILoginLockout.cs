namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// Counts MT5's rejections of each login, so that nobody can grind a password through this
/// service, and the broker never locks the real account because of us. Kept in the database:
/// every instance of the service sees the same counts, and they survive a restart.
/// </summary>
public interface ILoginLockout
{
    /// <summary>How much longer the login is locked out, or null when it is not.</summary>
    Task<TimeSpan?> LockedOutForAsync(long login, CancellationToken cancellationToken);

    Task RecordRejectionAsync(long login, CancellationToken cancellationToken);

    /// <summary>The credentials were accepted: the count starts again.</summary>
    Task ResetAsync(long login, CancellationToken cancellationToken);
}
