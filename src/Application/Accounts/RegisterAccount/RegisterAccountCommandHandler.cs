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
    IMt5Gateway mt5,
    IMt5RequestPolicy policy,
    IPasswordProtector protector,
    ILoginLockout lockout,
    RegistrationsInProgress inProgress,
    ICaller caller,
    TimeProvider clock,
    ILogger<RegisterAccountCommandHandler> logger)
    : IRequestHandler<RegisterAccountCommand, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(RegisterAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // The service's rules on servers and terminals, whatever the gateway: a refused request costs nothing.
        var decision = policy.Check(command.Server, command.Mt5Path);
        if (decision.Refusal is { } refusal)
        {
            throw new Mt5RequestInvalidException(refusal);
        }

        // One registration per login and server at a time, so that parallel guesses cannot all pass
        // the lockout check before the first rejection is recorded.
        using var turn = inProgress.TryBegin(command.Login, command.Server) ?? throw new RegistrationInProgressException(command.Login);

        // Checked before MT5 is asked, so a duplicate never costs a terminal login. The unique
        // index catches the race between two requests that both pass this check.
        if (await accounts.LoginExistsAsync(command.Login, cancellationToken).ConfigureAwait(false))
        {
            throw new AccountAlreadyExistsException(command.Login);
        }

        // Checked before MT5 is asked: a locked-out login costs no terminal login, and reveals nothing.
        var client = caller.Address;
        if (await lockout.LockedOutForAsync(command.Login, client, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            throw new LoginLockedOutException(command.Login, wait);
        }

        // Once MT5 has given its verdict it is recorded, even if the client has gone meanwhile: the
        // broker saw the login, so the lockout must count it (rejections use no cancellation).
        var reported = await VerifyAsync(command, decision.TerminalPath, client, cancellationToken).ConfigureAwait(false);
        await lockout.ResetAsync(command.Login, client, CancellationToken.None).ConfigureAwait(false);

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
            decision.TerminalPath,
            Enum.Parse<AccountType>(command.AccountType));
        var consistency = Mt5AccountConsistency.Check(requested, reported);
        if (!consistency.IsConsistent)
        {
            LogMismatch(command.Login, command.Server, consistency.Problems.Count);
            throw new Mt5AccountMismatchException(consistency.Problems);
        }

        // Sealed for the login and server the account is stored with.
        var details = consistency.Details!;
        var account = Account.Register(
            details,
            protector.Protect(command.Password, details.Login, details.Server),
            reported,
            caller.Id,
            clock.GetUtcNow());
        await accounts.AddAsync(account, cancellationToken).ConfigureAwait(false);

        LogRegistered(account.Id, account.Login, account.Server, account.IsLive);
        return account.ToResponse();
    }

    private async Task<Mt5AccountSnapshot> VerifyAsync(
        RegisterAccountCommand command, string terminalPath, string client, CancellationToken cancellationToken)
    {
        Mt5Verification verdict;
        try
        {
            verdict = await mt5.VerifyAsync(
                new Mt5LoginRequest(command.Login, command.Password, command.Server, terminalPath),
                cancellationToken).ConfigureAwait(false);
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

        switch (verdict)
        {
            case Mt5Verification.Verified { Account: var reported }
                when reported.Login == command.Login
                    && string.Equals(reported.Server, command.Server, StringComparison.OrdinalIgnoreCase):
                return reported;

            case Mt5Verification.Verified { Account: var reported }:
                // The terminal is logged into some other account: the requested one did not log in.
                // Which account that is stays in the log; the client learns nothing of it.
                LogRejected(command.Login, command.Server, $"the terminal logged into {reported.Login} on {reported.Server}");
                await lockout.RecordRejectionAsync(command.Login, client, CancellationToken.None).ConfigureAwait(false);
                throw new Mt5CredentialsRejectedException(command.Login, command.Server, "the terminal logged into a different account");

            case Mt5Verification.Rejected { Reason: var reason }:
                LogRejected(command.Login, command.Server, reason);
                await lockout.RecordRejectionAsync(command.Login, client, CancellationToken.None).ConfigureAwait(false);
                throw new Mt5CredentialsRejectedException(command.Login, command.Server, reason);

            case Mt5Verification.Unavailable { Reason: var reason }:
                throw new Mt5UnavailableException(reason);

            case Mt5Verification.InvalidRequest { Detail: var detail }:
                throw new Mt5RequestInvalidException(detail);

            default:
                throw new Mt5UnavailableException($"The MT5 gateway gave no verdict ({verdict?.GetType().Name ?? "null"})");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered account {AccountId}: login {Login} on {Server} (live: {IsLive})")]
    private partial void LogRegistered(long accountId, long login, string server, bool isLive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MT5 rejected the credentials for login {Login} on {Server}: {Reason}")]
    private partial void LogRejected(long login, string server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration of login {Login} on {Server} disagrees with MT5 in {ProblemCount} ways")]
    private partial void LogMismatch(long login, string server, int problemCount);
}
