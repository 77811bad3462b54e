using AccountRegistry.Application.Verifications.GetVerificationJob;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Security;
using AccountRegistry.WebApi.Verifications;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>Verifications queued with <c>Prefer: respond-async</c>: where each is, and its result.</summary>
[ApiController]
[Route("api/v1/verifications")]
[Produces("application/json")]
[System.ComponentModel.Description("Verifications queued with Prefer: respond-async (register, password change, re-verify): where each is, and its result once it has ended")]
public sealed class VerificationsController(ISender sender) : ControllerBase
{
    // A polling hint while the job has not ended: it usually takes about as long as an MT5 login.
    private const string PollSeconds = "1";

    /// <summary>Get verification</summary>
    /// <remarks>
    /// The job a 202 named in its Location: `queued`, `running`, then `succeeded` or `failed`, with
    /// `result` once it has ended: the status and body the synchronous call would have answered
    /// (201 with the account, 400 with its detail, 204 without a body, ...). While it has not ended,
    /// `Retry-After` says when to look again; once its account is known, `Location` names it. The id
    /// is the only key to the job: anyone holding it may read it. A job is kept 24 hours after it
    /// ends, then it is 404.
    /// </remarks>
    /// <param name="verificationId">The job's id, from the 202's Location.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The job.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="404">No job has this id, or it ended more than 24 hours ago.</response>
    /// <response code="429">Too many reads (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    [HttpGet("{verification_id}")]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<VerificationJobResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<VerificationJobResponse>> Get(
        [FromRoute(Name = "verification_id")] string verificationId, CancellationToken cancellationToken)
    {
        var job = await sender.Send(new GetVerificationJobQuery(verificationId), cancellationToken);
        if (!job.HasEnded)
        {
            Response.Headers.RetryAfter = PollSeconds;
        }

        // A registration's account is known once it succeeded; a password change's or a verify's from the start.
        if (job.AccountId is { } accountId)
        {
            Response.Headers.Location = $"/api/v1/accounts/{accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return Ok(VerificationJobResponse.From(job));
    }
}
