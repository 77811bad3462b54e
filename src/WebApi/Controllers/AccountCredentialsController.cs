using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.GetVerification;
using AccountRegistry.Application.Accounts.VerifyAccount;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Http;
using AccountRegistry.WebApi.Idempotency;
using AccountRegistry.WebApi.OpenApi;
using AccountRegistry.WebApi.Parameters;
using AccountRegistry.WebApi.Security;
using AccountRegistry.WebApi.Verifications;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>An account's MT5 credentials: change the password, check the stored ones now, read the last check.</summary>
[ApiController]
[Route("api/v1/accounts/{" + AccountId.RouteName + "}")]
[Produces("application/json")]
[System.ComponentModel.Description("An account's MT5 credentials: change the password, check the stored ones with MT5 now, read the last check")]
public sealed class AccountCredentialsController(ISender sender) : ControllerBase
{
    /// <summary>Change MT5 password</summary>
    /// <remarks>
    /// Logs into MT5 with the account's login and server and the new password, on the account's
    /// terminal; if MT5 accepts it, it is encrypted and stored in place of the old one, and what MT5
    /// reported is kept as the account's verification. If MT5 rejects it, the old password stays.
    /// The password is never returned or logged.
    /// </remarks>
    /// <param name="accountId">The account's id.</param>
    /// <param name="command">The new password.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="204">The password was changed; ETag gives the account's new version.</response>
    /// <response code="202">Prefer: respond-async was sent: the change is queued (If-Match is checked when it runs); GET the Location for its result.</response>
    /// <response code="400">MT5 rejected the password (the old one stays), or the account's server or terminal is no longer one this service allows.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="409">Another check of this login's credentials is in progress (see Retry-After), or the account kept changing under the request.</response>
    /// <response code="412">If-Match names a version of the account that is no longer current; nothing was changed.</response>
    /// <response code="413">The request body is too large.</response>
    /// <response code="415">The body is not JSON (Content-Type other than application/json, or a charset other than UTF-8).</response>
    /// <response code="422">The id is not an integer; If-Match is malformed; the body is not valid JSON, or the password is missing, not a string or out of bounds (it is never echoed); or the Idempotency-Key was used with another body.</response>
    /// <response code="429">Too many MT5 logins from this address in a minute or at once, or too many rejected credential checks for this login; Retry-After gives the wait in seconds.</response>
    /// <response code="500">An unexpected fault; the detail says nothing of it, and the log has it with the trace id.</response>
    /// <response code="503">MT5 or the database could not be reached, no terminal install became free in time, or the service is stopping; nothing was changed (see Retry-After).</response>
    [HttpPut("password")]
    [Idempotent]
    [EntityTag(AcceptsIfMatch = true)]
    [RespondsAsync]
    [EnableRateLimiting(ApiSecurityExtensions.RegisterPolicy)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<VerificationJobResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> ChangePassword(
        [FromRoute(Name = AccountId.RouteName)] AccountId accountId, [FromBody] ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // A malformed If-Match is a 422 at once, queued or not.
        var precondition = AccountEntityTag.Precondition(Request.Headers.IfMatch);
        if (AsyncPreference.PrefersAsync(Request.Headers[AsyncPreference.HeaderName]))
        {
            var ifMatch = Request.Headers.IfMatch.ToString();
            return await this.AcceptAsync<ChangePasswordCommand, int>(command with { AccountId = accountId.Value }, accountId.Value,
                VerificationRequests.OfPasswordChange(ifMatch.Length > 0 ? ifMatch : null), command.Password, cancellationToken);
        }

        var version = await sender.Send(command with { AccountId = accountId.Value, Precondition = precondition }, cancellationToken);
        Response.Headers.ETag = AccountEntityTag.Of(version);
        return NoContent();
    }

    /// <summary>Verify MT5 account</summary>
    /// <remarks>
    /// Logs into MT5 now with the account's stored login, password and server, on its terminal, and
    /// keeps the outcome: `verified` (with what MT5 reported) or `rejected` (with MT5's reason; what
    /// MT5 reported at the last successful check stays). A rejection is a result, not an error.
    /// </remarks>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The outcome of the check, kept as the account's verification.</response>
    /// <response code="202">Prefer: respond-async was sent: the check is queued; GET the Location for its result.</response>
    /// <response code="400">The account's server or terminal is no longer one this service allows; nothing was checked.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="409">Another check of this login's credentials is in progress (see Retry-After).</response>
    /// <response code="422">The id is not an integer, or the Idempotency-Key is malformed.</response>
    /// <response code="429">Too many MT5 logins from this address in a minute or at once, or too many rejected credential checks for this login; Retry-After gives the wait in seconds.</response>
    /// <response code="500">An unexpected fault; the detail says nothing of it, and the log has it with the trace id.</response>
    /// <response code="503">MT5 or the database could not be reached (see Retry-After), or the stored password does not open with the service's keys (an operator's to fix); nothing was recorded.</response>
    [HttpPost("verify")]
    [Idempotent]
    [RespondsAsync]
    [EnableRateLimiting(ApiSecurityExtensions.RegisterPolicy)]
    [ProducesResponseType<VerificationResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<VerificationJobResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<VerificationResponse>> Verify(
        [FromRoute(Name = AccountId.RouteName)] AccountId accountId, CancellationToken cancellationToken)
    {
        if (AsyncPreference.PrefersAsync(Request.Headers[AsyncPreference.HeaderName]))
        {
            return await this.AcceptAsync<VerifyAccountCommand, VerificationResponse>(
                new VerifyAccountCommand(accountId.Value), accountId.Value, VerificationRequests.OfVerify(), null, cancellationToken);
        }

        return Ok(await sender.Send(new VerifyAccountCommand(accountId.Value), cancellationToken));
    }

    /// <summary>Get MT5 verification</summary>
    /// <remarks>
    /// What the last check of the account's credentials against MT5 found (`verified`, `rejected`,
    /// or `unverified` if this service never checked them), and what MT5 reported at the last
    /// successful one.
    /// </remarks>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The account's verification.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="422">The id is not an integer.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="429">Too many reads (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    [HttpGet("verification")]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<VerificationResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<VerificationResponse>> GetVerification(
        [FromRoute(Name = AccountId.RouteName)] AccountId accountId, CancellationToken cancellationToken) =>
        Ok(await sender.Send(new GetVerificationQuery(accountId.Value), cancellationToken));
}
