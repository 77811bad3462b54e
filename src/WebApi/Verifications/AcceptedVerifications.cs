using System.Globalization;
using AccountRegistry.Application.Common.Behaviours;
using AccountRegistry.Application.Common.Credentials;
using FluentValidation;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Verifications.EnqueueVerification;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// The 202 of an endpoint asked to <c>respond-async</c>: the request, bound and validated as the
/// synchronous call's, is queued as a job, and the answer is the job (as its GET gives it), its
/// <c>Location</c>, a <c>Retry-After</c> polling hint (how long the queue ahead should take) and
/// <c>Preference-Applied: respond-async</c>.
/// </summary>
internal static class AcceptedVerifications
{
    public const string JobsPath = "/api/v1/verifications";

    /// <summary>
    /// Queues <paramref name="command"/> (the synchronous endpoint's) as a job, once its validators
    /// have passed it: a 422 is answered now, as the synchronous call answers it.
    /// </summary>
    public static async Task<ActionResult> AcceptAsync<TCommand, TResponse>(
        this ControllerBase controller, TCommand command, long? accountId, string request, Password? password, CancellationToken cancellationToken)
        where TCommand : IRequest<TResponse>, IVerifiesCredentials
    {
        ArgumentNullException.ThrowIfNull(controller);
        var services = controller.HttpContext.RequestServices;
        await ValidateAsync<TCommand, TResponse>(services, command, cancellationToken);
        var kind = command.Kind;
        // Estimated before the job is stored: once it is, nothing may fail the request, or a retry
        // with the same Idempotency-Key would queue a second job.
        var wait = await services.GetRequiredService<IVerificationJobStore>().EstimateWaitAsync(cancellationToken);
        var job = await services.GetRequiredService<ISender>().Send(new EnqueueVerificationCommand(kind, accountId, request, password), cancellationToken);
        services.GetRequiredService<VerificationSignal>().Wake();

        var headers = controller.Response.Headers;
        headers.RetryAfter = ApiError.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        headers[AsyncPreference.AppliedHeaderName] = AsyncPreference.RespondAsync;
        return controller.Accepted($"{JobsPath}/{job.Id}", VerificationJobResponse.From(job));
    }

    // The mediator's own validation step, run without the handler: the body binder leaves the
    // bounds to it, and the job must not be queued with a request the handler would refuse with 422.
    private static async Task ValidateAsync<TCommand, TResponse>(IServiceProvider services, TCommand command, CancellationToken cancellationToken)
        where TCommand : IRequest<TResponse>
    {
        var validation = new ValidationBehaviour<TCommand, TResponse>(services.GetServices<IValidator<TCommand>>());
        await validation.Handle(command, static (_, _) => default, cancellationToken);
    }
}
