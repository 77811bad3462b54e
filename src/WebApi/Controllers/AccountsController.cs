using System.Globalization;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>MT5 accounts: register one, read one, list them.</summary>
[ApiController]
[Route("api/v1/accounts")]
[Produces("application/json")]
public sealed partial class AccountsController(ISender sender) : ControllerBase
{
    /// <summary>Register MT5 account</summary>
    /// <remarks>
    /// Verifies the credentials against MT5, checks the request against what MT5 reports for the
    /// account (trade mode, trading allowed, currency, symbols), encrypts the password, stores the
    /// account and returns it. The password is never returned.
    /// </remarks>
    /// <response code="201">Account registered.</response>
    /// <response code="400">MT5 rejected the credentials, or the request disagrees with what MT5 reports for the account.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="409">The login is registered already, or another registration of it is in progress (see Retry-After).</response>
    /// <response code="413">The request body is too large.</response>
    /// <response code="415">The body is not JSON (Content-Type other than application/json, or a charset other than UTF-8).</response>
    /// <response code="422">The body is not valid JSON, or a field is missing, of the wrong type or out of bounds; or the Idempotency-Key was used with another body.</response>
    /// <response code="429">Too many registrations from this address, or too many rejected credential checks for this login; see Retry-After.</response>
    /// <response code="500">An unexpected fault; the detail says nothing of it, and the log has it with the trace id.</response>
    /// <response code="503">MT5 or the database could not be reached; try again later (see Retry-After).</response>
    [HttpPost]
    [EnableRateLimiting(ApiSecurityExtensions.RegisterPolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<AccountResponse>> Register([FromBody] RegisterAccountCommand command, CancellationToken cancellationToken)
    {
        var account = await sender.Send(command, cancellationToken);
        return Created($"/api/v1/accounts/{account.Id.ToString(CultureInfo.InvariantCulture)}", account);
    }

    /// <summary>List MT5 accounts</summary>
    /// <response code="200">Every account, ordered by id.</response>
    [HttpGet]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<IReadOnlyList<AccountResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<AccountResponse>>> List(CancellationToken cancellationToken) =>
        Ok(await sender.Send(new ListAccountsQuery(), cancellationToken));

    /// <summary>Get MT5 account</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The account.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="422">The id is not an integer.</response>
    [HttpGet("{account_id}")]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<AccountResponse>> Get([FromRoute(Name = "account_id")] string? accountId, CancellationToken cancellationToken)
    {
        // MVC hands a blank segment over as null.
        accountId ??= string.Empty;
        if (long.TryParse(accountId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return Ok(await sender.Send(new GetAccountQuery(id), cancellationToken));
        }

        // An integer beyond 64 bits names no account; anything else is not an id at all.
        if (IntegerLiteral().IsMatch(accountId))
        {
            throw new AccountNotFoundException(accountId);
        }

        throw new RequestValidationException([new ValidationError(
            "int_parsing", ["path", "account_id"], "Input should be a valid integer, unable to parse string as an integer", accountId)]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?[0-9]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex IntegerLiteral();
}
