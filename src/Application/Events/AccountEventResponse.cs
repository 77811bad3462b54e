using System.Text.Json;

namespace AccountRegistry.Application.Events;

/// <summary>One entry of the audit trail, as <c>GET /api/v1/events</c> returns it.</summary>
/// <param name="Id">The entry's id; a later entry has a larger one.</param>
/// <param name="AccountId">The account's id (the account may have been deleted since).</param>
/// <param name="Login">The account's MT5 login.</param>
/// <param name="Type"><c>registered</c>, <c>updated</c>, <c>password_changed</c>, <c>verified</c>, <c>verification_rejected</c> or <c>deleted</c>.</param>
/// <param name="Changes">For <c>updated</c>, each field whose value changed with its old and new value (never a password).</param>
/// <param name="Actor">Who asked: <c>key:{api key id}|address:{client}</c>, or <c>address:{client}</c> without API keys.</param>
/// <param name="TraceId">The request's trace id, as the logs give it.</param>
/// <param name="At">When, in UTC.</param>
public sealed record AccountEventResponse(
    long Id,
    long AccountId,
    long Login,
    [property: EventTypeName] string Type,
    IReadOnlyList<FieldChangeResponse> Changes,
    string Actor,
    string? TraceId,
    DateTime At);

/// <summary>A field a change touched: its name, and its values before and after as the API writes them.</summary>
public sealed record FieldChangeResponse(string Field, JsonElement Old, JsonElement New);
