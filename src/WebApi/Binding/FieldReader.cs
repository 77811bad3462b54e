using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;

namespace AccountRegistry.WebApi.Binding;

/// <summary>
/// Reads the fields of a JSON object the way Pydantic v2's lax mode reads a model, collecting one
/// error per bad field rather than stopping at the first. Coercions follow Pydantic (numeric
/// strings for numbers; "true"/"yes"/"1"... for booleans; whole floats for integers), except that a
/// boolean is never taken for a number, nor a number for a string. Its work is linear in the body's
/// size: a list longer than its maximum is one error, counted without reading its items, and the
/// request's cancellation is checked item by item.
/// </summary>
internal sealed class FieldReader(JsonElement body, CancellationToken cancellationToken)
{
    private static readonly string[] TrueWords = ["1", "on", "t", "true", "y", "yes"];
    private static readonly string[] FalseWords = ["0", "off", "f", "false", "n", "no"];

    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public string RequiredString(string field, bool secret = false) =>
        TryGet(field, required: true, out var value) ? ReadString(value, [Body, field], secret) ?? string.Empty : string.Empty;

    public string OptionalString(string field, string fallback) =>
        TryGet(field, required: false, out var value) ? ReadString(value, [Body, field], secret: false) ?? fallback : fallback;

    public long RequiredInteger(string field)
    {
        if (!TryGet(field, required: true, out var value))
        {
            return 0;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var integer))
                {
                    return integer;
                }

                var isDecimal = value.TryGetDecimal(out var number);
                if (isDecimal && number != decimal.Truncate(number))
                {
                    Add("int_from_float", field, "Input should be a valid integer, got a number with a fractional part", value);
                }
                else if (isDecimal && number is >= long.MinValue and <= long.MaxValue)
                {
                    // A whole float such as 12345678.0, which Pydantic's lax mode accepts.
                    return (long)number;
                }
                else
                {
                    AddIntegerRangeError(field, value);
                }

                return 0;

            case JsonValueKind.String:
                if (!TryGetText(value, [Body, field], out var digits))
                {
                    return 0;
                }

                if (long.TryParse(digits.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                Add("int_parsing", field, "Input should be a valid integer, unable to parse string as an integer", value);
                return 0;

            default:
                Add("int_type", field, "Input should be a valid integer", value);
                return 0;
        }
    }

    public bool OptionalBoolean(string field, bool fallback)
    {
        if (!TryGet(field, required: false, out var value))
        {
            return fallback;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String or JsonValueKind.Number:
                var text = value.GetRawText();
                if (value.ValueKind == JsonValueKind.String && !TryGetText(value, [Body, field], out text))
                {
                    return fallback;
                }

                var word = text.Trim().ToLowerInvariant();
                if (TrueWords.Contains(word))
                {
                    return true;
                }

                if (FalseWords.Contains(word))
                {
                    return false;
                }

                Add("bool_parsing", field, "Input should be a valid boolean, unable to interpret input", value);
                return fallback;
            default:
                Add("bool_type", field, "Input should be a valid boolean", value);
                return fallback;
        }
    }

    /// <summary>A number kept exact as a decimal (0.1 stays 0.1). Outside the decimal range, says which bound it breaks.</summary>
    public decimal OptionalNumber(string field, decimal fallback, decimal lessThanOrEqual)
    {
        if (!TryGet(field, required: false, out var value))
        {
            return fallback;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out var number))
                {
                    return ToColumnScale(number);
                }

                if (JsonMarshal.GetRawUtf8Value(value)[0] == (byte)'-')
                {
                    Add("greater_than", field, "Input should be greater than 0", value, new Dictionary<string, object> { ["gt"] = 0 });
                }
                else
                {
                    Add("less_than_equal", field,
                        $"Input should be less than or equal to {lessThanOrEqual.ToString(CultureInfo.InvariantCulture)}",
                        value, new Dictionary<string, object> { ["le"] = lessThanOrEqual });
                }

                return fallback;

            case JsonValueKind.String:
                if (!TryGetText(value, [Body, field], out var numeral))
                {
                    return fallback;
                }

                if (decimal.TryParse(numeral.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return ToColumnScale(parsed);
                }

                Add("float_parsing", field, "Input should be a valid number, unable to parse string as a number", value);
                return fallback;

            default:
                Add("float_type", field, "Input should be a valid number", value);
                return fallback;
        }
    }

    /// <summary>
    /// A list of strings of at most <paramref name="maxItems"/> items. A longer list is Pydantic's
    /// <c>too_long</c> for the list, and nothing else: its length is the array's, its items are not read.
    /// </summary>
    public IReadOnlyList<string> OptionalStringList(string field, int maxItems)
    {
        if (!TryGet(field, required: false, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add("list_type", field, "Input should be a valid list", value);
            return [];
        }

        var count = value.GetArrayLength();
        if (count > maxItems)
        {
            _errors.Add(new ValidationError(
                ErrorTypes.TooLong, [Body, field], ListTooLong.Message(maxItems, count), Ctx: ListTooLong.Context(maxItems, count)));
            return [];
        }

        var items = new List<string>(count);
        foreach (var item in value.EnumerateArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            items.Add(ReadString(item, [Body, field, items.Count], secret: false) ?? string.Empty);
        }

        return items;
    }

    /// <summary>A string that must be one of <paramref name="literals"/>; which one is the validator's to check.</summary>
    public string OptionalLiteral(string field, string fallback, params string[] literals)
    {
        if (!TryGet(field, required: false, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return TryGetText(value, [Body, field], out var text) ? text : fallback;
        }

        var expected = string.Join(" or ", literals.Select(literal => $"'{literal}'"));
        Add("literal_error", field, $"Input should be {expected}", value, new Dictionary<string, object> { ["expected"] = expected });
        return fallback;
    }

    private const string Body = "body";

    private bool TryGet(string field, bool required, out JsonElement value)
    {
        if (body.TryGetProperty(field, out value))
        {
            return true;
        }

        if (required)
        {
            // No input echoed: FastAPI would echo the whole body, password included.
            _errors.Add(new ValidationError("missing", [Body, field], "Field required"));
        }

        return false;
    }

    private string? ReadString(JsonElement value, object[] loc, bool secret)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(new ValidationError("string_type", loc, "Input should be a valid string", secret ? null : value));
            return null;
        }

        return TryGetText(value, loc, out var text) ? text : null;
    }

    // An escaped lone surrogate (e.g. "\ud800") is valid JSON but no valid text.
    private bool TryGetText(JsonElement value, object[] loc, out string text)
    {
        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            _errors.Add(new ValidationError(
                "string_unicode", loc, "Input should be a valid string, unable to parse raw data as a unicode string"));
            text = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// Numbers arrive as JSON floats; like a float column of fixed scale, they are kept to the
    /// column's 8 decimal places (0.30000000000000004 is 0.3), rounding half to even.
    /// </summary>
    private static decimal ToColumnScale(decimal value) =>
        Math.Round(value, AccountLimits.MaxDecimalPlaces, MidpointRounding.ToEven);

    // An integer beyond 64 bits (or beyond any decimal): say which bound it breaks.
    private void AddIntegerRangeError(string field, JsonElement value)
    {
        if (JsonMarshal.GetRawUtf8Value(value)[0] == (byte)'-')
        {
            Add("greater_than", field, "Input should be greater than 0", value, new Dictionary<string, object> { ["gt"] = 0 });
        }
        else
        {
            Add("less_than_equal", field, $"Input should be less than or equal to {long.MaxValue}", value,
                new Dictionary<string, object> { ["le"] = long.MaxValue });
        }
    }

    private void Add(string type, string field, string message, JsonElement input, IReadOnlyDictionary<string, object>? context = null) =>
        _errors.Add(new ValidationError(type, [Body, field], message, input, context));
}
