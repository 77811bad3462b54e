using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Accounts.UpdateAccount;

/// <summary>
/// Applies a merge-patch: loads the account, checks the request's precondition, checks the terminal
/// path against the service's policy and the changed details against what MT5 reported at the last
/// verification (no terminal login), applies the change and stores it. Concurrent writes as
/// <see cref="AccountWrites"/> says.
/// </summary>
public sealed partial class UpdateAccountCommandHandler(
    IAccountRepository accounts,
    IMt5RequestPolicy policy,
    ICaller caller,
    TimeProvider clock,
    ILogger<UpdateAccountCommandHandler> logger)
    : IRequestHandler<UpdateAccountCommand, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(UpdateAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await AccountWrites.RunAsync(accounts, command.AccountId, command.Precondition, async account =>
        {
            var changed = account.Change(ChangesFor(command, account), caller.Actor, clock.GetUtcNow());
            await accounts.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (changed.Count > 0)
            {
                LogUpdated(account.Id, changed);
            }

            return account.ToResponse();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The request as a change of the account: the terminal path as the policy names it, and, when
    /// the change touches what MT5 decides, the merged details checked against MT5's stored facts
    /// (symbols then in the server's spelling). Throws for a change that may not be made.
    /// </summary>
    private AccountChanges ChangesFor(UpdateAccountCommand command, Account account)
    {
        var terminalPath = command.Mt5Path.IsSet ? policy.Check(account.Server, command.Mt5Path.Value).TerminalPathOrThrow() : null;

        var changes = new AccountChanges
        {
            Name = ValueOrNull(command.Name),
            Broker = ValueOrNull(command.Broker),
            AllowedSymbols = ValueOrNull(command.AllowedSymbols),
            MaxLotSize = command.MaxLotSize.IsSet ? command.MaxLotSize.Value : null,
            RiskPct = command.RiskPct.IsSet ? command.RiskPct.Value : null,
            AutoTradeEnabled = command.AutoTradeEnabled.IsSet ? command.AutoTradeEnabled.Value : null,
            PaperTradeEnabled = command.PaperTradeEnabled.IsSet ? command.PaperTradeEnabled.Value : null,
            IsActive = command.IsActive.IsSet ? command.IsActive.Value : null,
            Mt5Path = terminalPath,
            IsLive = command.IsLive.IsSet ? command.IsLive.Value : null,
            AccountType = command.AccountType.IsSet ? Enum.Parse<AccountType>(command.AccountType.Value) : null,
        };
        if (!changes.TouchesMt5Facts)
        {
            return changes;
        }

        if (account.Mt5 is not { } facts)
        {
            throw new AccountNotVerifiedException(account.Id);
        }

        var current = account.Details;
        var merged = current with
        {
            IsLive = changes.IsLive ?? current.IsLive,
            AllowedSymbols = changes.AllowedSymbols ?? current.AllowedSymbols,
            AutoTradeEnabled = changes.AutoTradeEnabled ?? current.AutoTradeEnabled,
            AccountType = changes.AccountType ?? current.AccountType,
        };
        var consistency = Mt5AccountConsistency.Check(merged, facts.ToSnapshot(account.Login, account.Server));
        if (!consistency.IsConsistent)
        {
            LogMismatch(account.Id, consistency.Problems.Count);
            throw new Mt5AccountMismatchException(consistency);
        }

        return changes.AllowedSymbols is null ? changes : changes with { AllowedSymbols = consistency.Details!.AllowedSymbols };
    }

    private static T? ValueOrNull<T>(Optional<T> field)
        where T : class => field.IsSet ? field.Value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated account {AccountId}: {Fields}")]
    private partial void LogUpdated(long accountId, IReadOnlyList<string> fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change of account {AccountId} disagrees with MT5's stored facts in {ProblemCount} ways")]
    private partial void LogMismatch(long accountId, int problemCount);
}
