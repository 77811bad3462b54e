using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>
/// The spec's order of work: refuse a known login, verify the credentials with MT5, check the
/// request against what MT5 reported, encrypt the password, store the account.
/// </summary>
public sealed partial class RegisterAccountCommandHandler(
    IAccountRepository accounts,
    IMt5RequestPolicy policy,
    IPasswordProtector protector,
    CredentialCheck credentials,
    ICaller caller,
    TimeProvider clock,
    ILogger<RegisterAccountCommandHandler> logger)
    : IRequestHandler<RegisterAccountCommand, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(RegisterAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // The service's rules on servers and terminals, whatever the gateway: a refused request costs nothing.
        var terminalPath = policy.Check(command.Server, command.Mt5Path).TerminalPathOrThrow();

        // One credential check per login and server at a time (see CredentialChecksInProgress).
        using var turn = credentials.TryBegin(command.Login, command.Server) ?? throw new RegistrationInProgressException(command.Login);

        // Checked before MT5 is asked, so a duplicate never costs a terminal login. The unique
        // index catches the race between two requests that both pass this check.
        if (await accounts.LoginExistsAsync(command.Login, cancellationToken).ConfigureAwait(false))
        {
            throw new AccountAlreadyExistsException(command.Login);
        }

        // A rejection is an error here (400): nothing is registered.
        var verdict = await turn.VerifyAsync(command.Password, terminalPath, cancellationToken).ConfigureAwait(false);
        var reported = verdict.AccountOrThrow();

        var requested = new AccountDetails(
            command.Name,
            command.Broker,
            command.Login,
            command.Server,
            command.IsLive,
            command.AllowedSymbols,
            command.MaxLotSize,
            command.RiskPct,
            command.AutoTradeEnabled,
            terminalPath,
            Enum.Parse<AccountType>(command.AccountType));
        var consistency = Mt5AccountConsistency.Check(requested, reported);
        if (!consistency.IsConsistent)
        {
            LogMismatch(command.Login, command.Server, consistency.Problems.Count);
            throw new Mt5AccountMismatchException(consistency);
        }

        // Sealed for the login and server the account is stored with.
        var details = consistency.Details!;
        var account = Account.Register(
            details,
            protector.Protect(command.Password, details.Login, details.Server),
            reported,
            caller.Actor,
            clock.GetUtcNow());
        await accounts.AddAsync(account, cancellationToken).ConfigureAwait(false);

        LogRegistered(account.Id, account.Login, account.Server, account.IsLive);
        return account.ToResponse();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered account {AccountId}: login {Login} on {Server} (live: {IsLive})")]
    private partial void LogRegistered(long accountId, long login, string server, bool isLive);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration of login {Login} on {Server} disagrees with MT5 in {ProblemCount} ways")]
    private partial void LogMismatch(long login, string server, int problemCount);
}
