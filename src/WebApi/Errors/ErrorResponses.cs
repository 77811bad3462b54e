using System.Text.Json.Serialization;

namespace AccountRegistry.WebApi.Errors;

/// <summary>Every error but a 422: <c>{"detail": "..."}</c>, as the original FastAPI service sent.</summary>
public sealed record ErrorResponse(string Detail);

/// <summary>A 422: <c>{"detail": [...]}</c>, one entry per problem, in FastAPI's shape.</summary>
public sealed record ValidationErrorResponse(IReadOnlyList<ValidationError> Detail);

/// <summary>One problem with a request.</summary>
/// <param name="Type">Pydantic v2's error type (<c>missing</c>, <c>int_parsing</c>, <c>string_too_long</c>, ...).</param>
/// <param name="Loc">Where: <c>["body", "allowed_symbols", 2]</c>; strings for fields, integers for list items.</param>
/// <param name="Msg">What is wrong, in Pydantic's words.</param>
/// <param name="Input">The offending value; left out for the password and for missing fields.</param>
/// <param name="Ctx">The bound that was broken, e.g. <c>{"max_length": 100}</c>.</param>
public sealed record ValidationError(
    string Type,
    IReadOnlyList<object> Loc,
    string Msg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Input = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Ctx = null);
