using System.Text.Json;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Accounts.VerifyAccount;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Events.ListEvents;
using AccountRegistry.Application.Verifications;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;
using Mediator;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// Runs one claimed job as its synchronous endpoint would have run it: in a scope of its own, as
/// the caller that queued it, through the same mediator command (the same handler, lockout and
/// audit), with its password unsealed only in memory; and gives back the status and body that
/// endpoint would have answered, errors mapped by <see cref="ApiErrors.From"/> and written by
/// <see cref="ErrorResponseWriter"/>, as every error is.
/// </summary>
internal sealed class VerificationRunner(IServiceScopeFactory scopes, IPasswordProtector protector, ErrorResponseWriter errors)
{
    /// <summary>The outcome to store; throws <see cref="OperationCanceledException"/> when <paramref name="stopping"/> ends it first (the job goes back in the queue).</summary>
    public async Task<VerificationOutcome> RunAsync(ClaimedVerificationJob job, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<VerificationCaller>().Caller = new StoredCaller(job.CallerAddress, job.CallerId, job.Actor);
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        try
        {
            var password = job.SealedPassword is null ? null : protector.UnprotectForJob(job.SealedPassword, job.Id);
            return VerificationRequests.ToCommand(job, password) switch
            {
                RegisterAccountCommand register => await RegisterAsync(sender, scope.ServiceProvider, job, register, stopping),
                ChangePasswordCommand change => await ChangePasswordAsync(sender, change, stopping),
                VerifyAccountCommand verify => Answer(StatusCodes.Status200OK, await sender.Send(verify, stopping), verify.AccountId),
                var other => throw new InvalidOperationException($"No way to run {other.GetType().Name}"),
            };
        }
        catch (Exception exception) when (stopping.IsCancellationRequested
            || exception is Mt5UnavailableException { Kind: Mt5Unavailability.ServiceStopping })
        {
            // The instance is stopping: whatever the command made of it (a 503 "stopping" from the
            // gateway, a cancellation), the job is not over; another run will answer it.
            throw new OperationCanceledException("The instance is stopping", exception, stopping);
        }
        catch (Exception exception)
        {
            var error = ApiErrors.From(exception, clientGone: false);
            return new VerificationOutcome(error.Status, errors.LoggedBodyOf(error, job.Actor.TraceId ?? job.Id), job.AccountId);
        }
    }

    /// <summary>A job's end that no run gave: its instance died while running it, too often.</summary>
    public VerificationOutcome Abandoned(string jobId)
    {
        var error = ApiErrors.From(new VerificationAbandonedException(), clientGone: false);
        return new VerificationOutcome(error.Status, errors.LoggedBodyOf(error, jobId), null);
    }

    /// <summary>A job's end that no run gave: it waited in the queue as long as an ended job is kept.</summary>
    public VerificationOutcome Expired(string jobId)
    {
        var error = ApiErrors.From(new VerificationExpiredException(), clientGone: false);
        return new VerificationOutcome(error.Status, errors.LoggedBodyOf(error, jobId), null);
    }

    private static async Task<VerificationOutcome> RegisterAsync(
        ISender sender, IServiceProvider services, ClaimedVerificationJob job, RegisterAccountCommand command, CancellationToken stopping)
    {
        try
        {
            var account = await sender.Send(command, stopping);
            return Answer(StatusCodes.Status201Created, account, account.Id);
        }
        catch (AccountAlreadyExistsException)
        {
            // An earlier run of this job may have stored the account, its instance dying (or
            // stopping, which gives the claim back uncounted) before it could say so: the job's
            // answer is then that registration, not a 409 about its own account.
            if (await RegisteredByThisJobAsync(services, job, command.Login, stopping) is not { } accountId)
            {
                throw;
            }

            var account = await sender.Send(new GetAccountQuery(accountId), stopping);
            return Answer(StatusCodes.Status201Created, account, account.Id);
        }
    }

    private static async Task<VerificationOutcome> ChangePasswordAsync(ISender sender, ChangePasswordCommand command, CancellationToken stopping)
    {
        // The synchronous answer is a 204 without a body (its new ETag is a header, which a result has not).
        await sender.Send(command, stopping);
        return new VerificationOutcome(StatusCodes.Status204NoContent, null, command.AccountId);
    }

    // The login's registration event names the job's actor and trace id: that is this job's registration.
    private static async Task<long?> RegisteredByThisJobAsync(IServiceProvider services, ClaimedVerificationJob job, long login, CancellationToken cancellationToken)
    {
        if (job.Actor.TraceId is null)
        {
            return null;
        }

        var events = services.GetRequiredService<IAccountEvents>();
        var registered = await events.ListAsync(new EventFilter(Login: login, Type: AccountEventType.Registered), 0, 1, cancellationToken);
        return registered is [var latest] && latest.TraceId == job.Actor.TraceId && latest.Actor == job.Actor.Id ? latest.AccountId : null;
    }

    private static VerificationOutcome Answer<T>(int status, T? body, long? accountId) =>
        new(status, body is null ? null : JsonSerializer.Serialize(body, ApiJson.SerializerOptions), accountId);
}
