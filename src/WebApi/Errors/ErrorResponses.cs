using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// Every error but FastAPI's 422 list: <c>{"detail": "...", "code": "..."}</c>. The detail is the
/// original FastAPI service's text, for people; the code is stable, for programs, and left out
/// where an error has none.
/// </summary>
public sealed record ErrorResponse(
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null);

/// <summary>
/// A 422: <c>{"detail": [...]}</c>, one entry per problem, in FastAPI's shape, and bounded whatever the
/// request: the first entries (in field order), at most <see cref="MaxErrors"/> of them and at most
/// <see cref="MaxDetailBytes"/> bytes of JSON in all. An entry that fits only without its
/// <c>input</c> is listed without it; the first that does not fit at all ends the list.
/// </summary>
public sealed record ValidationErrorResponse
{
    /// <summary>The most entries a 422 lists.</summary>
    public const int MaxErrors = 50;

    /// <summary>The most bytes of JSON that the entries of a 422 add up to.</summary>
    public const int MaxDetailBytes = 12 * 1024;

    public ValidationErrorResponse(IReadOnlyList<ValidationError> detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var shown = new List<ValidationError>(Math.Min(detail.Count, MaxErrors));
        var budget = MaxDetailBytes;
        foreach (var error in detail.Take(MaxErrors))
        {
            var size = SizeOf(error);
            var entry = error;
            if (size > budget && error.Input is not null)
            {
                entry = error with { Input = null };
                size = SizeOf(entry);
            }

            if (size > budget)
            {
                break;
            }

            budget -= size;
            shown.Add(entry);
        }

        Detail = shown;
    }

    public IReadOnlyList<ValidationError> Detail { get; }

    // The entry's size as written (with its comma); one that cannot be written (text that is not valid UTF-16) does not fit.
    private static int SizeOf(ValidationError error)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(error, ApiJson.SerializerOptions).Length + 1;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return int.MaxValue;
        }
    }
}

/// <summary>One problem with a request.</summary>
/// <param name="Type">Pydantic v2's error type (<c>missing</c>, <c>int_parsing</c>, <c>string_too_long</c>, ...).</param>
/// <param name="Loc">Where: <c>["body", "allowed_symbols", 2]</c>; strings for fields, integers for list items.</param>
/// <param name="Msg">What is wrong, in Pydantic's words.</param>
/// <param name="Input">The offending value, see <see cref="Input"/>.</param>
/// <param name="Ctx">The bound that was broken, e.g. <c>{"max_length": 100}</c>.</param>
public sealed record ValidationError(
    string Type,
    IReadOnlyList<object> Loc,
    string Msg,
    object? Input = null,
    IReadOnlyDictionary<string, object>? Ctx = null)
{
    /// <summary>The longest string (or number, as written) that is echoed back as <c>input</c>.</summary>
    public const int MaxEchoedLength = 128;

    // A JSON string of at most MaxEchoedLength characters is at most this many bytes as sent (\uXXXX escapes, quotes).
    private const int MaxEchoedRawBytes = (6 * MaxEchoedLength) + 2;

    private readonly object? _input = Echoable(Input);

    /// <summary>
    /// The offending value, as FastAPI echoes it, when it is a scalar: a boolean, a number or a string
    /// of at most <see cref="MaxEchoedLength"/> characters. Left out for a list, an object, a longer
    /// value, text that is not valid Unicode, the password, and a missing field.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(1)]
    public object? Input
    {
        get => _input;
        init => _input = Echoable(value);
    }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(2)]
    public IReadOnlyDictionary<string, object>? Ctx { get; init; } = Ctx;

    // A JSON value from a request is read here, while its document is alive, into a value that outlives it.
    private static object? Echoable(object? input) => input switch
    {
        string text => text.Length <= MaxEchoedLength ? text : null,
        bool or int or long or decimal or double => input,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.Number } number when JsonMarshal.GetRawUtf8Value(number).Length <= MaxEchoedLength => number.Clone(),
        JsonElement { ValueKind: JsonValueKind.String } text when JsonMarshal.GetRawUtf8Value(text).Length <= MaxEchoedRawBytes => Echoable(TextOf(text)),
        _ => null,
    };

    private static string? TextOf(JsonElement text)
    {
        try
        {
            return text.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: valid JSON, no valid text.
            return null;
        }
    }
}
