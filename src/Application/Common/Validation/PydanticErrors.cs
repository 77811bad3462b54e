using System.Globalization;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// One entry of a 422 as Pydantic v2 words it: the error <see cref="Type"/> (which the web frontend,
/// written against a FastAPI backend, reads), its message, and its context (the broken bound).
/// </summary>
public sealed record PydanticError(string Type, string Message, IReadOnlyDictionary<string, object>? Context = null);

/// <summary>
/// The catalogue of Pydantic's error types and messages that this API reports: the body binder, the
/// request validators and the path and query readers all take their errors from here, and nowhere
/// else spells a type or a message. Wordings are Pydantic v2's (pydantic-core's error messages).
/// </summary>
public static class PydanticErrors
{
    public static PydanticError Missing() => new("missing", "Field required");

    public static PydanticError StringType() => new("string_type", "Input should be a valid string");

    public static PydanticError StringUnicode() =>
        new("string_unicode", "Input should be a valid string, unable to parse raw data as a unicode string");

    public static PydanticError IntType() => new("int_type", "Input should be a valid integer");

    public static PydanticError IntParsing() =>
        new("int_parsing", "Input should be a valid integer, unable to parse string as an integer");

    public static PydanticError IntParsingSize() =>
        new("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size");

    public static PydanticError IntFromFloat() =>
        new("int_from_float", "Input should be a valid integer, got a number with a fractional part");

    public static PydanticError FloatType() => new("float_type", "Input should be a valid number");

    public static PydanticError FloatParsing() =>
        new("float_parsing", "Input should be a valid number, unable to parse string as a number");

    public static PydanticError BoolType() => new("bool_type", "Input should be a valid boolean");

    public static PydanticError BoolParsing() =>
        new("bool_parsing", "Input should be a valid boolean, unable to interpret input");

    public static PydanticError ListType() => new("list_type", "Input should be a valid list");

    /// <summary>
    /// A body that is JSON but no object. FastAPI validates a model body with <c>from_attributes</c>,
    /// so Pydantic reports <c>model_attributes_type</c> here, not <c>model_type</c> or <c>dict_type</c>.
    /// </summary>
    public static PydanticError ModelAttributesType() =>
        new("model_attributes_type", "Input should be a valid dictionary or object to extract fields from");

    /// <summary>Malformed JSON; <paramref name="reason"/> says what and where, and never quotes the body.</summary>
    public static PydanticError JsonInvalid(string reason) =>
        new("json_invalid", "JSON decode error", Context(("error", reason)));

    public static PydanticError StringTooShort(int minLength) =>
        new("string_too_short", $"String should have at least {minLength} {Characters(minLength)}", Context(("min_length", minLength)));

    public static PydanticError StringTooLong(int maxLength) =>
        new("string_too_long", $"String should have at most {maxLength} {Characters(maxLength)}", Context(("max_length", maxLength)));

    /// <summary>A list past its maximum: one error for the whole list, however long it is.</summary>
    public static PydanticError TooLong(int maxLength, int actualLength) => new(
        "too_long",
        $"List should have at most {maxLength} {(maxLength == 1 ? "item" : "items")} after validation, not {actualLength}",
        Context(("field_type", "List"), ("max_length", maxLength), ("actual_length", actualLength)));

    /// <summary>The bound is reported as given (an int for an int field, a decimal for a decimal one).</summary>
    public static PydanticError GreaterThan(object bound) =>
        new("greater_than", $"Input should be greater than {Format(bound)}", Context(("gt", bound)));

    public static PydanticError GreaterThanEqual(object bound) =>
        new("greater_than_equal", $"Input should be greater than or equal to {Format(bound)}", Context(("ge", bound)));

    public static PydanticError LessThan(object bound) =>
        new("less_than", $"Input should be less than {Format(bound)}", Context(("lt", bound)));

    public static PydanticError LessThanEqual(object bound) =>
        new("less_than_equal", $"Input should be less than or equal to {Format(bound)}", Context(("le", bound)));

    /// <summary>Not one of the literals: "Input should be 'USD' or 'USC'" ('a', 'b' or 'c' for three).</summary>
    public static PydanticError LiteralError(IReadOnlyList<string> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        var quoted = literals.Select(literal => $"'{literal}'").ToArray();
        var expected = quoted.Length <= 1
            ? string.Concat(quoted)
            : $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
        return new("literal_error", $"Input should be {expected}", Context(("expected", expected)));
    }

    /// <summary>A rule of the API's own (a custom validator in Pydantic): "Value error, {reason}".</summary>
    public static PydanticError ValueError(string reason) => new("value_error", $"Value error, {reason}");

    /// <summary>A field the request type does not take, where unknown fields are refused.</summary>
    public static PydanticError ExtraForbidden() => new("extra_forbidden", "Extra inputs are not permitted");

    private static string Characters(int count) => count == 1 ? "character" : "characters";

    private static string Format(object bound) => bound is IFormattable formattable
        ? formattable.ToString(null, CultureInfo.InvariantCulture)
        : bound.ToString() ?? string.Empty;

    private static Dictionary<string, object> Context(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(entry => entry.Key, entry => entry.Value);
}
