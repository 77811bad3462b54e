namespace AccountRegistry.Application.Events;

/// <summary>One entry of the audit trail, as <c>GET /api/v1/events</c> returns it.</summary>
/// <param name="Id">The entry's id; entries are listed in its order, which is the order they were stored in.</param>
/// <param name="AccountId">The account's id (the account may have been deleted since).</param>
/// <param name="Login">The account's MT5 login.</param>
/// <param name="Type"><c>registered</c>, <c>updated</c>, <c>password_changed</c>, <c>verified</c>, <c>verification_rejected</c> or <c>deleted</c>.</param>
/// <param name="Fields">For <c>updated</c>, the fields whose value changed (never the values).</param>
/// <param name="Actor">Who asked: <c>key:{api key id}|address:{client}</c>, or <c>address:{client}</c> without API keys.</param>
/// <param name="At">When, in UTC.</param>
public sealed record AccountEventResponse(
    long Id,
    long AccountId,
    long Login,
    string Type,
    IReadOnlyList<string> Fields,
    string Actor,
    DateTime At);
