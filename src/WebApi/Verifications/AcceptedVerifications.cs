using System.Globalization;
using AccountRegistry.Application.Common.Credentials;
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

    public static async Task<ActionResult> AcceptAsync(
        this ControllerBase controller, VerificationKind kind, long? accountId, string request, Password? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var services = controller.HttpContext.RequestServices;
        var job = await services.GetRequiredService<ISender>().Send(new EnqueueVerificationCommand(kind, accountId, request, password), cancellationToken);
        services.GetRequiredService<VerificationSignal>().Wake();
        var wait = await services.GetRequiredService<IVerificationJobStore>().EstimateWaitAsync(cancellationToken);

        var headers = controller.Response.Headers;
        headers.RetryAfter = ApiError.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        headers[AsyncPreference.AppliedHeaderName] = AsyncPreference.RespondAsync;
        return controller.Accepted($"{JobsPath}/{job.Id}", VerificationJobResponse.From(job));
    }
}
