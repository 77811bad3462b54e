using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;

namespace AccountRegistry.WebApi.Binding;

/// <summary>Where a value sits in the body, whether it may be echoed in an error, and its bounds.</summary>
internal readonly record struct FieldSite(object[] Loc, bool Echo, PropertyBounds Bounds)
{
    public FieldSite Item(int index) => this with { Loc = [.. Loc, index], Bounds = Bounds.Items ?? PropertyBounds.None };
}

/// <summary>The type errors of one body, collected field by field rather than stopping at the first.</summary>
internal sealed class BodyErrors(CancellationToken cancellationToken)
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public CancellationToken CancellationToken => cancellationToken;

    public void Add(PydanticError error, in FieldSite site, JsonElement? input = null) =>
        _errors.Add(ValidationErrors.Of(error, site.Loc, site.Echo ? input : null));
}

/// <summary>
/// Reads one JSON value into one CLR type the way Pydantic v2's lax mode reads a field. There is
/// one reader per CLR type (<see cref="For"/>); coercions follow Pydantic (numeric strings for
/// numbers; "true"/"yes"/"1"... for booleans; whole floats for integers), except that a boolean is
/// never taken for a number, nor a number for a string. Work is linear in the value's size.
/// </summary>
internal abstract class ValueReader
{
    /// <summary>The value, or false with the error added. Never throws for bad input.</summary>
    public abstract bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result);

    /// <summary>What a required field that could not be read holds, so that the validators can still run on the rest.</summary>
    public abstract object? Placeholder { get; }

    /// <summary>The reader of <paramref name="type"/>; <paramref name="nullability"/> says whether null is a value.</summary>
    public static ValueReader For(Type type, NullabilityInfo? nullability)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            return new OptionalValueReader(type, For(type.GetGenericArguments()[0], nullability?.GenericTypeArguments[0]));
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return new NullableValueReader(For(underlying, null));
        }

        if (!type.IsValueType && nullability?.WriteState == NullabilityState.Nullable)
        {
            return new NullableValueReader(For(type, null));
        }

        if (type == typeof(string))
        {
            return StringValueReader.Instance;
        }

        if (type == typeof(Password))
        {
            return PasswordValueReader.Instance;
        }

        if (type == typeof(bool))
        {
            return BooleanValueReader.Instance;
        }

        if (type == typeof(long))
        {
            return IntegerValueReader.Int64;
        }

        if (type == typeof(int))
        {
            return IntegerValueReader.Int32;
        }

        if (type == typeof(decimal))
        {
            return DecimalValueReader.Instance;
        }

        if (type.IsEnum)
        {
            return new EnumValueReader(type);
        }

        if (ListValueReader.ElementType(type) is { } element)
        {
            return new ListValueReader(type, element, For(element, nullability?.ElementType ?? nullability?.GenericTypeArguments.FirstOrDefault()));
        }

        throw new NotSupportedException($"The request body binder has no reader for {type}; add one in {nameof(ValueReader)}.{nameof(For)}.");
    }

    // An escaped lone surrogate (e.g. "\ud800") is valid JSON but no valid text.
    protected static bool TryGetText(JsonElement value, in FieldSite site, BodyErrors errors, out string text)
    {
        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            errors.Add(PydanticErrors.StringUnicode(), site);
            text = string.Empty;
            return false;
        }
    }

    protected static bool IsNegative(JsonElement number) => JsonMarshal.GetRawUtf8Value(number)[0] == (byte)'-';

    /// <summary>A number beyond the type's range: reported against the field's own bound on that side, if it has one.</summary>
    protected static void AddOutOfRange(JsonElement value, bool negative, in FieldSite site, BodyErrors errors, object min, object max)
    {
        var bounds = site.Bounds;
        var error = negative
            ? bounds.GreaterThan is { } gt ? PydanticErrors.GreaterThan(gt)
                : PydanticErrors.GreaterThanEqual(bounds.GreaterThanOrEqual ?? min)
            : bounds.LessThan is { } lt ? PydanticErrors.LessThan(lt)
                : PydanticErrors.LessThanEqual(bounds.LessThanOrEqual ?? max);
        errors.Add(error, site, value);
    }
}

/// <summary>A JSON string; anything else is <c>string_type</c>, or <c>literal_error</c> for a field bound to literals.</summary>
internal sealed class StringValueReader : ValueReader
{
    public static readonly StringValueReader Instance = new();

    public override object? Placeholder => string.Empty;

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result) =>
        (result = TryReadText(value, site, errors, out var text) ? text : null) is not null;

    public static bool TryReadText(JsonElement value, in FieldSite site, BodyErrors errors, out string text)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TryGetText(value, site, errors, out text);
        }

        // Which literal a string is, is the validator's to check; a value that is no string is none of them.
        errors.Add(site.Bounds.Literals is { } literals ? PydanticErrors.LiteralError(literals) : PydanticErrors.StringType(), site, value);
        text = string.Empty;
        return false;
    }
}

/// <summary>A string held as a <see cref="Password"/>, which never prints itself.</summary>
internal sealed class PasswordValueReader : ValueReader
{
    public static readonly PasswordValueReader Instance = new();

    public override object? Placeholder => new Password(string.Empty);

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result) =>
        (result = StringValueReader.TryReadText(value, site, errors, out var text) ? new Password(text) : null) is not null;
}

internal sealed class BooleanValueReader : ValueReader
{
    public static readonly BooleanValueReader Instance = new();

    private static readonly string[] TrueWords = ["1", "on", "t", "true", "y", "yes"];
    private static readonly string[] FalseWords = ["0", "off", "f", "false", "n", "no"];

    public override object? Placeholder => false;

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        result = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                result = false;
                return true;
            case JsonValueKind.String or JsonValueKind.Number:
                var text = value.GetRawText();
                if (value.ValueKind == JsonValueKind.String && !TryGetText(value, site, errors, out text))
                {
                    return false;
                }

                var word = text.Trim().ToLowerInvariant();
                if (TrueWords.Contains(word) || FalseWords.Contains(word))
                {
                    result = TrueWords.Contains(word);
                    return true;
                }

                errors.Add(PydanticErrors.BoolParsing(), site, value);
                return false;
            default:
                errors.Add(PydanticErrors.BoolType(), site, value);
                return false;
        }
    }
}

/// <summary>A 64- or 32-bit integer: a JSON integer, a whole float (12345678.0), or a string of digits.</summary>
internal sealed class IntegerValueReader : ValueReader
{
    public static readonly IntegerValueReader Int64 = new(long.MinValue, long.MaxValue, value => value);
    public static readonly IntegerValueReader Int32 = new(int.MinValue, int.MaxValue, value => (int)value);

    private readonly long _min;
    private readonly long _max;
    private readonly Func<long, object> _box;

    private IntegerValueReader(long min, long max, Func<long, object> box) => (_min, _max, _box) = (min, max, box);

    public bool Is64Bit => _max == long.MaxValue;

    public override object? Placeholder => _box(0);

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        result = null;
        long integer;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetInt64(out integer))
                {
                    break;
                }

                var isDecimal = value.TryGetDecimal(out var number);
                if (isDecimal && number != decimal.Truncate(number))
                {
                    errors.Add(PydanticErrors.IntFromFloat(), site, value);
                    return false;
                }

                if (!isDecimal || number is < long.MinValue or > long.MaxValue)
                {
                    AddOutOfRange(value, IsNegative(value), site, errors, _box(_min), _box(_max));
                    return false;
                }

                // A whole float such as 12345678.0, which Pydantic's lax mode accepts.
                integer = (long)number;
                break;

            case JsonValueKind.String:
                if (!TryGetText(value, site, errors, out var digits))
                {
                    return false;
                }

                if (!long.TryParse(digits.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer))
                {
                    errors.Add(PydanticErrors.IntParsing(), site, value);
                    return false;
                }

                break;

            default:
                errors.Add(PydanticErrors.IntType(), site, value);
                return false;
        }

        if (integer < _min || integer > _max)
        {
            AddOutOfRange(value, integer < 0, site, errors, _box(_min), _box(_max));
            return false;
        }

        result = _box(integer);
        return true;
    }
}

/// <summary>
/// A number kept exact as a decimal (0.1 stays 0.1). Numbers arrive as JSON floats; like a float
/// column of fixed scale, they are kept to the columns' 8 decimal places (0.30000000000000004 is
/// 0.3), rounding half to even. Beyond the decimal range, says which bound it breaks.
/// </summary>
internal sealed class DecimalValueReader : ValueReader
{
    public static readonly DecimalValueReader Instance = new();

    public override object? Placeholder => 0m;

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        result = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out var number))
                {
                    result = ToColumnScale(number);
                    return true;
                }

                AddOutOfRange(value, IsNegative(value), site, errors, decimal.MinValue, decimal.MaxValue);
                return false;

            case JsonValueKind.String:
                if (!TryGetText(value, site, errors, out var numeral))
                {
                    return false;
                }

                if (decimal.TryParse(numeral.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    result = ToColumnScale(parsed);
                    return true;
                }

                errors.Add(PydanticErrors.FloatParsing(), site, value);
                return false;

            default:
                errors.Add(PydanticErrors.FloatType(), site, value);
                return false;
        }
    }

    private static decimal ToColumnScale(decimal value) => Math.Round(value, AccountLimits.MaxDecimalPlaces, MidpointRounding.ToEven);
}

/// <summary>An enum, read as a Pydantic <c>Literal</c> of its member names (exact case).</summary>
internal sealed class EnumValueReader(Type enumType) : ValueReader
{
    public IReadOnlyList<string> Names { get; } = Enum.GetNames(enumType);

    public override object? Placeholder => Activator.CreateInstance(enumType);

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        result = null;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } name && Names.Contains(name, StringComparer.Ordinal))
        {
            result = Enum.Parse(enumType, name);
            return true;
        }

        errors.Add(PydanticErrors.LiteralError(Names), site, value);
        return false;
    }
}

/// <summary>
/// A JSON array read item by item. A list longer than the field's maximum is Pydantic's
/// <c>too_long</c> for the list, and nothing else: its length is the array's, its items are not
/// read. The request's cancellation is checked item by item.
/// </summary>
internal sealed class ListValueReader(Type listType, Type elementType, ValueReader items) : ValueReader
{
    public ValueReader Items { get; } = items;

    public override object? Placeholder => CreateList(0);

    /// <summary>T of T[], List&lt;T&gt;, IReadOnlyList&lt;T&gt;, IList&lt;T&gt;, ICollection&lt;T&gt; or IEnumerable&lt;T&gt;.</summary>
    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        result = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(PydanticErrors.ListType(), site, value);
            return false;
        }

        var count = value.GetArrayLength();
        if (site.Bounds.MaxItems is { } maxItems && count > maxItems)
        {
            errors.Add(PydanticErrors.TooLong(maxItems, count), site);
            return false;
        }

        // An item that cannot be read is an error at its index, and a placeholder in the list: the
        // validators still check the others (their bounds, repeats), and a bound error on the placeholder is dropped.
        var list = CreateList(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            errors.CancellationToken.ThrowIfCancellationRequested();
            list[index] = Items.TryRead(item, site.Item(index), errors, out var read) ? read : Items.Placeholder;
            index++;
        }

        result = list;
        return true;
    }

    private System.Collections.IList CreateList(int count)
    {
        if (listType.IsArray)
        {
            return Array.CreateInstance(elementType, count);
        }

        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType), count)!;
        for (var i = 0; i < count; i++)
        {
            list.Add(Items.Placeholder);
        }

        return list;
    }
}

/// <summary>A value that may be <c>null</c> (a nullable value type, or a reference type declared nullable).</summary>
internal sealed class NullableValueReader(ValueReader inner) : ValueReader
{
    public ValueReader Inner { get; } = inner;

    public override object? Placeholder => null;

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            result = null;
            return true;
        }

        return Inner.TryRead(value, site, errors, out result);
    }
}

/// <summary>
/// An <see cref="Optional{T}"/>: a field that is present holds its value (null only where T is
/// nullable, otherwise the inner reader's type error); one that is absent is left unset by the contract.
/// </summary>
internal sealed class OptionalValueReader(Type optionalType, ValueReader inner) : ValueReader
{
    private readonly ConstructorInfo _constructor = optionalType.GetConstructor([optionalType.GetGenericArguments()[0]])!;

    public ValueReader Inner { get; } = inner;

    public override object? Placeholder => Activator.CreateInstance(optionalType);

    public override bool TryRead(JsonElement value, in FieldSite site, BodyErrors errors, out object? result)
    {
        if (!Inner.TryRead(value, site, errors, out var inner))
        {
            result = Placeholder;
            return false;
        }

        result = _constructor.Invoke([inner]);
        return true;
    }
}
