using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.DeleteAccount;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Accounts.UpdateAccount;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Http;
using AccountRegistry.WebApi.Idempotency;
using AccountRegistry.WebApi.OpenApi;
using AccountRegistry.WebApi.Parameters;
using AccountRegistry.WebApi.Security;
using AccountRegistry.WebApi.Verifications;
using Mediator;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>MT5 accounts: register one, read one, list them, change one, delete one.</summary>
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
    /// <response code="202">Prefer: respond-async was sent: the registration is queued; GET the Location for its result.</response>
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
    [EntityTag]
    [RespondsAsync]
    [EnableRateLimiting(ApiSecurityExtensions.RegisterPolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<VerificationJobResponse>(StatusCodes.Status202Accepted)]
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
        ArgumentNullException.ThrowIfNull(command);
        if (AsyncPreference.PrefersAsync(Request.Headers[AsyncPreference.HeaderName]))
        {
            return await this.AcceptAsync<RegisterAccountCommand, AccountResponse>(command, null, VerificationRequests.Of(command), command.Password, cancellationToken);
        }

        var account = await sender.Send(command, cancellationToken);
        Response.Headers.ETag = AccountEntityTag.Of(account.Version);
        return Created($"/api/v1/accounts/{account.Id.ToString(CultureInfo.InvariantCulture)}", account);
    }

    /// <summary>List MT5 accounts</summary>
    /// <remarks>
    /// One page of the accounts the filters match (each filter given must hold; text filters match
    /// exactly), ordered by id: `skip` accounts are passed over, then at most `limit` are returned.
    /// `X-Total-Count` gives the number of matching accounts in all.
    /// </remarks>
    /// <param name="isActive">Only accounts that are active (true) or not (false).</param>
    /// <param name="isLive">Only live (true) or demo (false) accounts.</param>
    /// <param name="autoTradeEnabled">Only accounts with automated trading on (true) or off (false).</param>
    /// <param name="accountType">Only accounts of this currency type.</param>
    /// <param name="broker">Only accounts of this broker, spelled exactly as stored.</param>
    /// <param name="server">Only accounts on this MT5 server, spelled exactly as stored.</param>
    /// <param name="login">Only the account with this MT5 login.</param>
    /// <param name="skip">How many items to pass over, in order.</param>
    /// <param name="limit">The most items to return.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">A page of the matching accounts, ordered by id.</response>
    /// <response code="422">A filter, skip or limit is not of its type (booleans: true/false, 1/0, yes/no, on/off), not one of its values, or out of bounds.</response>
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
        [FromQuery(Name = "is_active")] bool? isActive = null,
        [FromQuery(Name = "is_live")] bool? isLive = null,
        [FromQuery(Name = "auto_trade_enabled")] bool? autoTradeEnabled = null,
        [FromQuery(Name = "account_type"), AllowedValues(nameof(AccountType.USD), nameof(AccountType.USC))] string? accountType = null,
        [FromQuery(Name = "broker"), MaxLength(AccountLimits.BrokerMaxLength)] string? broker = null,
        [FromQuery(Name = "server"), MaxLength(AccountLimits.ServerMaxLength)] string? server = null,
        [FromQuery(Name = "login")] long? login = null,
        [FromQuery(Name = "skip"), Range(0, ListAccountsQuery.MaxSkip)] int skip = ListAccountsQuery.DefaultSkip,
        [FromQuery(Name = "limit"), Range(1, ListAccountsQuery.MaxLimit)] int limit = ListAccountsQuery.DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var filter = new AccountFilter
        {
            IsActive = isActive,
            IsLive = isLive,
            AutoTradeEnabled = autoTradeEnabled,
            AccountType = accountType is null ? null : Enum.Parse<AccountType>(accountType),
            Broker = broker,
            Server = server,
            Login = login,
        };
        var page = await sender.Send(new ListAccountsQuery(filter, skip, limit), cancellationToken);
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
    [EntityTag]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<AccountResponse>> Get([FromRoute(Name = AccountId.RouteName)] AccountId accountId, CancellationToken cancellationToken)
    {
        var account = await sender.Send(new GetAccountQuery(accountId.Value), cancellationToken);
        Response.Headers.ETag = AccountEntityTag.Of(account.Version);
        return Ok(account);
    }

    /// <summary>Change MT5 account</summary>
    /// <remarks>
    /// A merge-patch: the fields given replace the stored ones, the fields left out stay as they are.
    /// Bounds and messages are register's; `null` is no value for any field; `login` and `server`
    /// cannot change (register the new account instead). A change to `allowed_symbols`, `is_live`,
    /// `account_type`, or `auto_trade_enabled` set to true is checked against what MT5 reported at the
    /// account's last verification, without logging in again (symbols are stored in the server's
    /// spelling). Returns the account with its new ETag.
    /// </remarks>
    /// <param name="accountId">The account's id.</param>
    /// <param name="command">The fields to change.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">The account as changed (unchanged if every value given was its current one).</response>
    /// <response code="400">The mt5_path is not one this service allows, the change disagrees with what MT5 reported for the account, or the account has no verified MT5 facts to check it against (verify it first).</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="409">Other requests changed the account at the same time, again and again; read it and retry.</response>
    /// <response code="412">If-Match names a version that is no longer the account's: nothing was changed.</response>
    /// <response code="413">The request body is too large.</response>
    /// <response code="415">The body is not JSON (Content-Type other than application/json, or a charset other than UTF-8).</response>
    /// <response code="422">The id is not an integer; the body is not a JSON object, or a field is null, of the wrong type, out of bounds or cannot change; If-Match is malformed; or the Idempotency-Key was used with another body.</response>
    /// <response code="429">Too many changes (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    /// <response code="503">The database could not be reached; try again later (see Retry-After).</response>
    [HttpPatch("{account_id}")]
    [Idempotent]
    [EntityTag(AcceptsIfMatch = true)]
    [EnableRateLimiting(ApiSecurityExtensions.WritePolicy)]
    [Consumes("application/json", "application/merge-patch+json")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<AccountResponse>> Update(
        [FromRoute(Name = AccountId.RouteName)] AccountId accountId, [FromBody] UpdateAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var precondition = AccountEntityTag.Precondition(Request.Headers.IfMatch);
        var account = await sender.Send(command with { AccountId = accountId.Value, Precondition = precondition }, cancellationToken);
        Response.Headers.ETag = AccountEntityTag.Of(account.Version);
        return Ok(account);
    }

    /// <summary>Delete MT5 account</summary>
    /// <remarks>
    /// Removes the account and its encrypted password. Later reads of it are 404, and its login may
    /// be registered again; the audit trail keeps the deletion.
    /// </remarks>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="404">No account has this id.</response>
    /// <response code="409">Other requests changed the account at the same time, again and again; read it and retry.</response>
    /// <response code="412">If-Match names a version that is no longer the account's: nothing was deleted.</response>
    /// <response code="422">The id is not an integer, If-Match is malformed, or the Idempotency-Key was used with another body.</response>
    /// <response code="429">Too many changes (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    /// <response code="503">The database could not be reached; try again later (see Retry-After).</response>
    [HttpDelete("{account_id}")]
    [Idempotent]
    [EntityTag(AcceptsIfMatch = true)]
    [EnableRateLimiting(ApiSecurityExtensions.WritePolicy)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Delete([FromRoute(Name = AccountId.RouteName)] AccountId accountId, CancellationToken cancellationToken)
    {
        var precondition = AccountEntityTag.Precondition(Request.Headers.IfMatch);
        await sender.Send(new DeleteAccountCommand(accountId.Value, precondition), cancellationToken);
        return NoContent();
    }
}
