using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Accounts.ChangePassword;

/// <summary>
/// Verifies the new password with MT5 (the account's login and server, on its terminal), then seals
/// and stores it in place of the old one. MT5 rejecting it is an error (400) and the old password
/// stays. Concurrent writes as <see cref="AccountWrites"/> says.
/// </summary>
public sealed partial class ChangePasswordCommandHandler(
    IAccountRepository accounts,
    IMt5RequestPolicy policy,
    IPasswordProtector protector,
    CredentialCheck credentials,
    ICaller caller,
    TimeProvider clock,
    ILogger<ChangePasswordCommandHandler> logger)
    : IRequestHandler<ChangePasswordCommand, int>
{
    public async ValueTask<int> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // A stale If-Match, or an account that is gone, costs no MT5 login.
        var account = await accounts.FindRequiredAsync(command.AccountId, cancellationToken).ConfigureAwait(false);
        if (!command.Precondition.Allows(account.Version))
        {
            throw new PreconditionFailedException(account.Id);
        }

        // The service's rules on servers and terminals hold for a stored account too (the configuration may have changed since).
        var terminalPath = policy.Check(account.Server, account.Mt5Path).TerminalPathOrThrow();

        using var turn = credentials.TryBegin(account.Login, account.Server) ?? throw new CredentialCheckInProgressException(account.Login);
        var verdict = await turn.VerifyAsync(command.Password, terminalPath, cancellationToken).ConfigureAwait(false);
        var reported = verdict.AccountOrThrow();

        // Sealed for the login and server the account is stored with, which no change can alter.
        var encrypted = protector.Protect(command.Password, account.Login, account.Server);
        var now = clock.GetUtcNow();
        return await AccountWrites.RunAsync(accounts, command.AccountId, command.Precondition, async current =>
        {
            current.ChangePassword(encrypted, reported, caller.Actor, now);
            await accounts.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogPasswordChanged(current.Id, current.Login, current.Server);
            return current.Version;
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Changed the MT5 password of account {AccountId}: login {Login} on {Server}")]
    private partial void LogPasswordChanged(long accountId, long login, string server);
}
