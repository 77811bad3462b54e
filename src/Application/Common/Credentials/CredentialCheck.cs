using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Common.Credentials;

/// <summary>
/// Checks a set of MT5 credentials, the one way every use case does it (register, change the
/// password, re-verify): one check per login and server at a time, refused while the caller is
/// locked out of the login, the gateway's verdict mapped, the rejection counted or the count reset.
/// A use case first takes the login's turn (<see cref="TryBegin"/>), does what must happen under
/// it, then asks MT5 through the turn:
/// <code>
/// using var turn = credentials.TryBegin(login, server) ?? throw new ...InProgressException(login);
/// var verdict = await turn.VerifyAsync(password, terminalPath, cancellationToken);
/// </code>
/// </summary>
public sealed partial class CredentialCheck(
    IMt5Gateway mt5,
    ILoginLockout lockout,
    CredentialChecksInProgress inProgress,
    ICaller caller,
    ILogger<CredentialCheck> logger)
{
    /// <summary>The login's turn on this server, to dispose when the use case is done; null while another check holds it.</summary>
    public Turn? TryBegin(long login, string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return inProgress.TryBegin(login, server) is { } held ? new Turn(this, login, server, held) : null;
    }

    // A password the caller supplies (a registration, a new password) is a guess the lockout counts:
    // a rejection is recorded against the caller, an acceptance clears its count. The password the
    // service has stored is no guess of the caller's: checking it neither counts against the caller
    // (a changed password at the broker must not lock its owner out of fixing it) nor clears the
    // caller's count (else a re-verification would wipe the record of wrong guesses in between).
    private async Task<CredentialVerdict> VerifyAsync(
        long login, string server, Password password, string terminalPath, bool callersGuess, CancellationToken cancellationToken)
    {
        // Checked before MT5 is asked: a locked-out login costs no terminal login, and reveals nothing.
        var client = caller.Address;
        if (await lockout.LockedOutForAsync(login, client, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            throw new LoginLockedOutException(login, wait);
        }

        var verdict = await AskAsync(new Mt5LoginRequest(login, password, server, terminalPath), cancellationToken).ConfigureAwait(false);

        // Once MT5 has given its verdict it is recorded, even if the client has gone meanwhile: the
        // broker saw the login, so the lockout must count it (no cancellation).
        switch (verdict)
        {
            // The gateway's contract: verified means the requested login on the requested server.
            case Mt5Verification.Verified { Account: var reported }
                when reported.Login == login && string.Equals(reported.Server, server, StringComparison.OrdinalIgnoreCase):
                if (callersGuess)
                {
                    await lockout.ResetAsync(login, client, CancellationToken.None).ConfigureAwait(false);
                }

                return new CredentialVerdict.Accepted(reported);

            case Mt5Verification.Verified { Account: var reported }:
                // The terminal is logged into some other account: the requested one did not log in.
                // Which account that is stays in the log; the client learns nothing of it.
                LogRejected(login, server, $"the terminal logged into {reported.Login} on {reported.Server}");
                await CountRejectionAsync(login, client, callersGuess).ConfigureAwait(false);
                return new CredentialVerdict.Rejected(login, server, "the terminal logged into a different account");

            case Mt5Verification.Rejected { Reason: var reason }:
                LogRejected(login, server, reason);
                await CountRejectionAsync(login, client, callersGuess).ConfigureAwait(false);
                return new CredentialVerdict.Rejected(login, server, reason);

            case Mt5Verification.Unavailable unavailable:
                throw new Mt5UnavailableException(unavailable.Reason, unavailable.Kind, unavailable.RetryAfter);

            case Mt5Verification.InvalidRequest invalid:
                throw new Mt5RequestInvalidException(invalid.Detail, invalid.Problem);

            default:
                throw new Mt5UnavailableException($"The MT5 gateway gave no verdict ({verdict?.GetType().Name ?? "null"})");
        }
    }

    private Task CountRejectionAsync(long login, string client, bool callersGuess) =>
        callersGuess ? lockout.RecordRejectionAsync(login, client, CancellationToken.None) : Task.CompletedTask;

    private async Task<Mt5Verification> AskAsync(Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await mt5.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not Mt5UnavailableException)
        {
            // A fault in the gateway is MT5 being unavailable to us: a 503, never a 500.
            throw new Mt5UnavailableException($"The MT5 gateway failed: {exception.GetType().Name}", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MT5 rejected the credentials for login {Login} on {Server}: {Reason}")]
    private partial void LogRejected(long login, string server, string reason);

    /// <summary>A login's turn to be checked: the only way to ask MT5 about its credentials.</summary>
    public sealed class Turn : IDisposable
    {
        private readonly CredentialCheck _check;
        private readonly IDisposable _held;
        private bool _disposed;

        internal Turn(CredentialCheck check, long login, string server, IDisposable held)
        {
            _check = check;
            Login = login;
            Server = server;
            _held = held;
        }

        public long Login { get; }

        public string Server { get; }

        /// <summary>
        /// Logs into MT5 with the turn's login and server and <paramref name="password"/>, on
        /// <paramref name="terminalPath"/> (empty: the gateway's own terminal).
        /// </summary>
        /// <returns>Accepted or rejected; a rejection is counted against the caller's address.</returns>
        /// <exception cref="LoginLockedOutException">Too many rejections: MT5 was not asked (HTTP 429).</exception>
        /// <exception cref="Mt5UnavailableException">No verdict could be had (HTTP 503); nothing is counted.</exception>
        /// <exception cref="Mt5RequestInvalidException">The gateway cannot try the request as given (HTTP 400).</exception>
        public Task<CredentialVerdict> VerifyAsync(Password password, string terminalPath, CancellationToken cancellationToken) =>
            Verify(password, terminalPath, callersGuess: true, cancellationToken);

        /// <summary>
        /// As <see cref="VerifyAsync"/>, with the password the service has stored for the account: the
        /// lockout still refuses a locked-out caller, but the outcome is not the caller's guess, so it
        /// is neither counted against the caller nor clears the caller's count.
        /// </summary>
        public Task<CredentialVerdict> VerifyStoredAsync(Password storedPassword, string terminalPath, CancellationToken cancellationToken) =>
            Verify(storedPassword, terminalPath, callersGuess: false, cancellationToken);

        private Task<CredentialVerdict> Verify(Password password, string terminalPath, bool callersGuess, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(password);
            ArgumentNullException.ThrowIfNull(terminalPath);
            // Once given back, another request may hold the login's turn.
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _check.VerifyAsync(Login, Server, password, terminalPath, callersGuess, cancellationToken);
        }

        public void Dispose()
        {
            _disposed = true;
            _held.Dispose();
        }
    }
}
