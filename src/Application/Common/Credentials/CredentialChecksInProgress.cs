using System.Collections.Concurrent;

namespace AccountRegistry.Application.Common.Credentials;

/// <summary>
/// The logins this process is checking with MT5 right now: at most one check at a time per login
/// and server, whatever the use case (a registration, a password change, a re-verification).
/// Without it, parallel requests for one login would all pass the lockout check before any of them
/// had recorded a rejection, and a burst of password guesses would reach MT5 (and the broker's own
/// lockout) all at once. It is per server, so that a request naming a server that never answers
/// holds up only itself, never the owner's check on the real server. Each instance guards its own
/// requests, so N instances let at most N run at once; the failures they record are shared
/// through the database. Only <see cref="CredentialCheck"/> takes turns here.
/// </summary>
public sealed class CredentialChecksInProgress
{
    private readonly ConcurrentDictionary<(long Login, string Server), Turn> _turns = new();

    /// <summary>The turn, to dispose when the check is over; null if it is taken.</summary>
    internal IDisposable? TryBegin(long login, string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        // Servers are compared without regard to case, as MT5 does.
        var key = (login, server.ToUpperInvariant());
        var turn = new Turn(this, key);
        return _turns.TryAdd(key, turn) ? turn : null;
    }

    private sealed class Turn(CredentialChecksInProgress owner, (long, string) key) : IDisposable
    {
        public void Dispose() => owner._turns.TryRemove(new KeyValuePair<(long, string), Turn>(key, this));
    }
}
