using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Idempotency;
using AccountRegistry.WebApi.OpenApi;
using AccountRegistry.WebApi.Parameters;
using AccountRegistry.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>MT5 accounts: register one, read one, list them.</summary>
[ApiController]
[Route("api/v1/accounts")]
[Produces("application/json")]
[System.ComponentModel.Description("MT5 accounts: registered after MT5 has accepted their credentials, with their trading limits")]
public sealed class AccountsController(ISender sender) : ControllerBase
{
    /// <summary>Register MT5 account</summary>
    /// <remarks>
    /// Verifies the credentials against MT5, checks the request against what MT5 reports for the
    /// account (trade mode, trading allowed, currency, symbols), encrypts the password, stores the
    /// account and returns it. The password is never returned.
    /// </remarks>
    /// <response code="201">Account registered.</response>
    /// <response code="400">The server or mt5_path is not one this service allows (Mt5:AllowedServers, Mt5:AllowedTerminalPaths), MT5 rejected the credentials, or the request disagrees with what MT5 reports for the account.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="409">The login is registered already, or another registration of it is in progress (see Retry-After).</response>
    /// <response code="413">The request body is too large.</response>
    /// <response code="415">The body is not JSON (Content-Type other than application/json, or a charset other than UTF-8).</response>
    /// <response code="422">The body is not valid JSON, or a field is missing, of the wrong type or out of bounds; or the Idempotency-Key was used with another body.</response>
    /// <response code="429">Too many registrations from this address in a minute or at once, too many rejected credential checks for this login (from this address, or from all together), or too many wrong API keys from this address; Retry-After gives the wait in seconds.</response>
    /// <response code="500">An unexpected fault; the detail says nothing of it, and the log has it with the trace id.</response>
    /// <response code="503">MT5 or the database could not be reached, no terminal install became free within Mt5:QueueTimeoutSeconds, or the service is stopping; try again later (see Retry-After).</response>
    [HttpPost]
    [Idempotent]
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
    /// <remarks>
    /// One page of accounts, ordered by id: `skip` accounts are passed over, then at most `limit` are
    /// returned. `X-Total-Count` gives the number of accounts in all.
    /// </remarks>
    /// <param name="skip">How many items to pass over, in order.</param>
    /// <param name="limit">The most items to return.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">A page of accounts, ordered by id.</response>
    /// <response code="422">skip or limit is not an integer, or is out of bounds.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="429">Too many reads (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    [HttpGet]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [PagedList]
    [ProducesResponseType<IReadOnlyList<AccountResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<IReadOnlyList<AccountResponse>>> List(
        [FromQuery(Name = "skip"), Range(0, ListAccountsQuery.MaxSkip)] int skip = ListAccountsQuery.DefaultSkip,
        [FromQuery(Name = "limit"), Range(1, ListAccountsQuery.MaxLimit)] int limit = ListAccountsQuery.DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var page = await sender.Send(new ListAccountsQuery(skip, limit), cancellationToken);
        Response.Headers[PagedListAttribute.TotalCountHeader] = page.Total.ToString(CultureInfo.InvariantCulture);
        return Ok(page.Accounts);
    }

    /// <summary>Get MT5 account</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The account.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="422">The id is not an integer.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="429">Too many reads (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    [HttpGet("{account_id}")]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<AccountResponse>> Get([FromRoute(Name = AccountId.RouteName)] AccountId accountId, CancellationToken cancellationToken) =>
        Ok(await sender.Send(new GetAccountQuery(accountId.Value), cancellationToken));
}
