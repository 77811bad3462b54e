using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Events;
using AccountRegistry.Application.Events.ListEvents;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.OpenApi;
using AccountRegistry.WebApi.Parameters;
using AccountRegistry.WebApi.Security;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AccountRegistry.WebApi.Controllers;

/// <summary>The audit trail: what happened to which account, when, and at whose request.</summary>
[ApiController]
[Route("api/v1/events")]
[Produces("application/json")]
[Description("The audit trail: every registration, change, password change, verification and deletion, with who asked and when")]
public sealed class EventsController(ISender sender) : ControllerBase
{
    /// <summary>List audit events</summary>
    /// <remarks>
    /// One page of the audit trail, newest first: every registration, change (each field's old and
    /// new value; never a password), password change, verification result and deletion, with the
    /// caller and the request's trace id. `account_id`, `login` and `type` narrow the list (all that
    /// are given); a deleted account's history stays, and can be found by its id or its login.
    /// `X-Total-Count` gives the number of events the filter matches in all.
    /// </remarks>
    /// <param name="accountId">Only the events of the account with this id.</param>
    /// <param name="login">Only the events of accounts with this MT5 login.</param>
    /// <param name="type">Only events of this type.</param>
    /// <param name="skip">How many items to pass over, in order.</param>
    /// <param name="limit">The most items to return.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    /// <response code="200">A page of events, newest first.</response>
    /// <response code="401">API keys are configured (Auth:ApiKeys) and X-Api-Key is missing or wrong.</response>
    /// <response code="422">A parameter is not an integer, is out of bounds, or type is not an event type.</response>
    /// <response code="429">Too many reads (or wrong API keys) from this address in a minute; Retry-After gives the wait in seconds.</response>
    [HttpGet]
    [EnableRateLimiting(ApiSecurityExtensions.ReadPolicy)]
    [PagedList]
    [ProducesResponseType<IReadOnlyList<AccountEventResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ValidationErrorResponse>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    public async Task<ActionResult<IReadOnlyList<AccountEventResponse>>> List(
        [FromQuery(Name = "account_id")] long? accountId = null,
        [FromQuery(Name = "login")] long? login = null,
        [FromQuery(Name = "type"), EventTypeName] string? type = null,
        [FromQuery(Name = "skip"), Range(0, ListEventsQuery.MaxSkip)] int skip = 0,
        [FromQuery(Name = "limit"), Range(1, ListEventsQuery.MaxLimit)] int limit = ListEventsQuery.DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        // The binder let only the API's names through.
        AccountEventType? eventType = type is not null && AccountEventTypes.TryParse(type, out var parsed) ? parsed : null;
        var filter = new EventFilter(accountId, login, eventType);
        var page = await sender.Send(new ListEventsQuery(filter, skip, limit), cancellationToken);
        Response.Headers[PagedListAttribute.TotalCountHeader] = page.Total.ToString(CultureInfo.InvariantCulture);
        return Ok(page.Events);
    }
}
