using System.Collections.Concurrent;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>
/// The logins this process is registering right now: at most one registration per login at a time.
/// Without it, parallel requests for one login would all pass the lockout check before any of them
/// had recorded a rejection, and a burst of password guesses would reach MT5 (and the broker's own
/// lockout) all at once. Each instance guards its own requests, so N instances let at most N run
/// at once for a login; the failures they record are shared through the database.
/// </summary>
public sealed class RegistrationsInProgress
{
    private readonly ConcurrentDictionary<long, Turn> _logins = new();

    /// <summary>The login's turn, to dispose when the registration is over; null if it is taken.</summary>
    public IDisposable? TryBegin(long login)
    {
        var turn = new Turn(this, login);
        return _logins.TryAdd(login, turn) ? turn : null;
    }

    private sealed class Turn(RegistrationsInProgress owner, long login) : IDisposable
    {
        public void Dispose() => owner._logins.TryRemove(new KeyValuePair<long, Turn>(login, this));
    }
}
