using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Validation;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>What a <see cref="ParameterReader"/> made of a parameter's text: its value, the error to report, or the 404 it means.</summary>
internal readonly record struct ParameterReading(object? Value, PydanticError? Error, Exception? NotFound)
{
    public static ParameterReading Of(object value) => new(value, null, null);

    public static ParameterReading Invalid(PydanticError error) => new(null, error, null);

    public static ParameterReading NamesNothing(Exception notFound) => new(null, null, notFound);
}

/// <summary>Reads the text of one path or query parameter as Pydantic's lax mode reads a string for its type. Linear in the text.</summary>
internal abstract class ParameterReader
{
    public abstract ParameterReading Read(string text);
}

/// <summary>
/// An integer (<see cref="IntegerText"/>) within [<paramref name="minimum"/>, <paramref name="maximum"/>]:
/// <c>int_parsing</c>, <c>int_parsing_size</c>, or <c>greater_than_equal</c> / <c>less_than_equal</c>
/// for one beyond a bound (of any size). An <see cref="AccountId"/> beyond 64 bits names no account (404).
/// </summary>
internal sealed class IntegerReader(Type type, long minimum, long maximum) : ParameterReader
{
    public override ParameterReading Read(string text)
    {
        var reading = IntegerText.Read(text);
        switch (reading.Outcome)
        {
            case IntegerReading.Kind.NotAnInteger:
                return ParameterReading.Invalid(PydanticErrors.IntParsing());

            case IntegerReading.Kind.TooLong:
                return ParameterReading.Invalid(PydanticErrors.IntParsingSize());

            case IntegerReading.Kind.OutOfRange when type == typeof(AccountId):
                // No account has an id beyond 64 bits; FastAPI would look, and not find it.
                return ParameterReading.NamesNothing(new AccountNotFoundException(reading.Text!));
        }

        // Beyond 64 bits is beyond any bound there is; unbounded, it matches nothing a 64-bit column holds.
        var value = reading.Outcome == IntegerReading.Kind.Integer ? reading.Value : reading.Negative ? long.MinValue : long.MaxValue;
        if (value < minimum)
        {
            return ParameterReading.Invalid(PydanticErrors.GreaterThanEqual(minimum));
        }

        if (value > maximum)
        {
            return ParameterReading.Invalid(PydanticErrors.LessThanEqual(maximum));
        }

        // Within the bounds, so within the type.
        return ParameterReading.Of(type == typeof(AccountId) ? new AccountId(value) : type == typeof(int) ? (object)(int)value : value);
    }
}

/// <summary>
/// A boolean as pydantic-core's <c>str_as_bool</c> reads one: <c>1</c>, <c>t</c>, <c>true</c>,
/// <c>y</c>, <c>yes</c>, <c>on</c> are true, <c>0</c>, <c>f</c>, <c>false</c>, <c>n</c>, <c>no</c>,
/// <c>off</c> false (letters in any case, nothing around them); anything else is <c>bool_parsing</c>.
/// </summary>
internal sealed class BooleanReader : ParameterReader
{
    private static readonly string[] True = ["1", "t", "true", "y", "yes", "on"];
    private static readonly string[] False = ["0", "f", "false", "n", "no", "off"];

    public override ParameterReading Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (True.Any(word => word.Equals(text, StringComparison.OrdinalIgnoreCase)))
        {
            return ParameterReading.Of(true);
        }

        return False.Any(word => word.Equals(text, StringComparison.OrdinalIgnoreCase))
            ? ParameterReading.Of(false)
            : ParameterReading.Invalid(PydanticErrors.BoolParsing());
    }
}

/// <summary>A string as given, of at most <paramref name="maxLength"/> characters (<c>string_too_long</c>), counted as Python counts them (code points).</summary>
internal sealed class TextReader(int? maxLength) : ParameterReader
{
    public override ParameterReading Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // UTF-16 units are at least the code points: only a text that may be too long is counted.
        return maxLength is { } max && text.Length > max && text.EnumerateRunes().Count() > max
            ? ParameterReading.Invalid(PydanticErrors.StringTooLong(max))
            : ParameterReading.Of(text);
    }
}

/// <summary>One of the <paramref name="literals"/>, exactly (<c>literal_error</c> otherwise).</summary>
internal sealed class LiteralReader(IReadOnlyList<string> literals) : ParameterReader
{
    public IReadOnlyList<string> Literals { get; } = literals;

    public override ParameterReading Read(string text) =>
        Literals.Contains(text, StringComparer.Ordinal)
            ? ParameterReading.Of(text)
            : ParameterReading.Invalid(PydanticErrors.LiteralError(Literals));
}
