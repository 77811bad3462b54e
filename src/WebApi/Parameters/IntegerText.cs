namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// Reads an integer from text (a path segment, a query value) by the rules Pydantic v2 applies to
/// a string given for an <c>int</c> in lax mode, which is how FastAPI reads path and query
/// integers (pydantic-core's <c>str_as_int</c>): surrounding whitespace is ignored; one leading
/// <c>+</c> or <c>-</c> is allowed (not <c>+-</c>, <c>--</c> or <c>-+</c>); leading zeros are
/// ignored; a fraction of zeros only is dropped (<c>"5.00"</c> is 5, <c>"5."</c> and <c>"5.5"</c>
/// are not integers); underscores between digits are ignored (<c>"1_000"</c> is 1000, but not a
/// leading, trailing or doubled one); nothing else (no exponent, no hex, only ASCII digits).
/// An integer of any size is an integer: beyond 64 bits it is <see cref="IntegerReading.Kind.OutOfRange"/>,
/// and each parameter says what that means (no such account; beyond a bound). More than
/// <see cref="MaxDigits"/> digits is Pydantic's <c>int_parsing_size</c>, which also bounds the work.
/// Linear in the length of the text.
/// </summary>
internal static class IntegerText
{
    /// <summary>Pydantic's (and Python's) bound on the digits of an integer read from text.</summary>
    public const int MaxDigits = 4300;

    public static IntegerReading Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsPlainTooLong(text))
        {
            // Only a plain literal is measured first; a cleaned one that is too long fails to parse.
            return IntegerReading.TooLong;
        }

        var rest = text.AsSpan().Trim();
        if (rest.StartsWith("+"))
        {
            rest = rest[1..];
            if (rest.StartsWith("-"))
            {
                return IntegerReading.NotAnInteger;
            }
        }

        var negative = rest.StartsWith("-");
        if (negative)
        {
            rest = rest[1..];
            if (rest.StartsWith("-") || rest.StartsWith("+"))
            {
                return IntegerReading.NotAnInteger;
            }
        }

        if (!TrySkipLeadingZeros(ref rest))
        {
            return IntegerReading.NotAnInteger;
        }

        var point = rest.IndexOf('.');
        if (point >= 0 && point < rest.Length - 1 && !rest[(point + 1)..].ContainsAnyExcept('0'))
        {
            rest = rest[..point];
        }

        // Underscores go only from between digits: not first, not last, never two together.
        var dropUnderscores = rest.Contains('_') && rest[0] != '_' && rest[^1] != '_' && rest.IndexOf("__") < 0;
        var digits = new System.Text.StringBuilder(rest.Length);
        foreach (var c in rest)
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (!(c == '_' && dropUnderscores))
            {
                return IntegerReading.NotAnInteger;
            }
        }

        // JSON's integer grammar, which the cleaned text is read by: no leading zero but "0" itself.
        if (digits.Length == 0 || digits.Length > MaxDigits || (digits.Length > 1 && digits[0] == '0'))
        {
            return IntegerReading.NotAnInteger;
        }

        var magnitude = digits.ToString();
        var canonical = negative && magnitude != "0" ? "-" + magnitude : magnitude;
        return long.TryParse(canonical, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? IntegerReading.Of(value)
            : IntegerReading.Beyond(canonical, negative);
    }

    // pydantic-core's strip_leading_zeros: zeros (and underscores among them) before the first other
    // digit go; one zero stays for "0" and before a point; the text must start with a digit.
    private static bool TrySkipLeadingZeros(ref ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty || rest[0] is < '0' or > '9')
        {
            return false;
        }

        if (rest[0] != '0')
        {
            return true;
        }

        for (var i = 1; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case '0' or '_':
                    continue;
                case >= '1' and <= '9':
                    rest = rest[i..];
                    return true;
                case '.':
                    rest = rest[(i - 1)..];
                    return true;
                default:
                    return false;
            }
        }

        rest = rest[^1..];
        return true;
    }

    private static bool IsPlainTooLong(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > MaxDigits && !digits.ContainsAnyExceptInRange('0', '9');
    }
}

/// <summary>What <see cref="IntegerText.Read"/> made of a text.</summary>
internal readonly record struct IntegerReading(IntegerReading.Kind Outcome, long Value, string? Text, bool Negative)
{
    public enum Kind
    {
        Integer,
        OutOfRange,
        NotAnInteger,
        TooLong,
    }

    public static IntegerReading NotAnInteger => new(Kind.NotAnInteger, 0, null, false);

    public static IntegerReading TooLong => new(Kind.TooLong, 0, null, false);

    public static IntegerReading Of(long value) => new(Kind.Integer, value, null, value < 0);

    /// <summary>An integer beyond 64 bits, with its canonical decimal text (as Python's <c>str(int)</c> writes it).</summary>
    public static IntegerReading Beyond(string canonical, bool negative) => new(Kind.OutOfRange, 0, canonical, negative);
}
