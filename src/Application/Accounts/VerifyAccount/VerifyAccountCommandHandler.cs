using System.Security.Cryptography;
using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Domain.Accounts;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Accounts.VerifyAccount;

/// <summary>
/// Logs into MT5 with the account's stored password, on its terminal, and keeps the outcome: accepted
/// (with what MT5 reported) or rejected (with MT5's reason). A rejection is a result, not an error.
/// When MT5 gives no verdict nothing is kept. The outcome is recorded over any concurrent change
/// (it does not change what a client writes, so the account's version stays), as
/// <see cref="AccountWrites"/> retries it.
/// </summary>
public sealed partial class VerifyAccountCommandHandler(
    IAccountRepository accounts,
    IMt5RequestPolicy policy,
    IPasswordProtector protector,
    CredentialCheck credentials,
    ICaller caller,
    TimeProvider clock,
    ILogger<VerifyAccountCommandHandler> logger)
    : IRequestHandler<VerifyAccountCommand, VerificationResponse>
{
    public async ValueTask<VerificationResponse> Handle(VerifyAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var account = await accounts.FindRequiredAsync(command.AccountId, cancellationToken).ConfigureAwait(false);

        var terminalPath = policy.Check(account.Server, account.Mt5Path).TerminalPathOrThrow();

        var password = Open(account);
        using var turn = credentials.TryBegin(account.Login, account.Server) ?? throw new CredentialCheckInProgressException(account.Login);
        var verdict = await turn.VerifyStoredAsync(password, terminalPath, cancellationToken).ConfigureAwait(false);

        var now = clock.GetUtcNow();
        return await AccountWrites.RunAsync(accounts, command.AccountId, VersionPrecondition.None, async current =>
        {
            switch (verdict)
            {
                case CredentialVerdict.Accepted { Account: var reported }:
                    current.RecordVerified(reported, caller.Actor, now);
                    break;
                case CredentialVerdict.Rejected { Reason: var reason }:
                    current.RecordRejected(reason, caller.Actor, now);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown credential verdict {verdict.GetType().Name}");
            }

            await accounts.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogVerified(current.Id, current.Login, current.Server, current.VerificationStatus);
            return VerificationResponse.From(current);
        }, cancellationToken).ConfigureAwait(false);
    }

    private Password Open(Account account)
    {
        try
        {
            return protector.Unprotect(account.EncryptedPassword, account.Login, account.Server);
        }
        catch (CryptographicException exception)
        {
            // The protector's message names the fault and at most the key id, never a secret.
            throw new StoredPasswordUnreadableException(account.Id, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checked the stored credentials of account {AccountId}: login {Login} on {Server}: {Status}")]
    private partial void LogVerified(long accountId, long login, string server, VerificationStatus status);
}
