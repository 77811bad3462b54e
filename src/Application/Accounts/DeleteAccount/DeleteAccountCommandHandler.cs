using AccountRegistry.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Accounts.DeleteAccount;

/// <summary>
/// Loads the account, checks the request's precondition, records the deletion and removes the
/// account. Concurrent writes as <see cref="AccountWrites"/> says.
/// </summary>
public sealed partial class DeleteAccountCommandHandler(
    IAccountRepository accounts,
    ICaller caller,
    TimeProvider clock,
    ILogger<DeleteAccountCommandHandler> logger)
    : IRequestHandler<DeleteAccountCommand>
{
    public async ValueTask<Unit> Handle(DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await AccountWrites.RunAsync(accounts, command.AccountId, command.Precondition, async account =>
        {
            account.RecordDeletion(caller.Actor, clock.GetUtcNow());
            await accounts.RemoveAsync(account, cancellationToken).ConfigureAwait(false);
            LogDeleted(account.Id, account.Login, account.Server);
            return Unit.Value;
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted account {AccountId}: login {Login} on {Server}")]
    private partial void LogDeleted(long accountId, long login, string server);
}
