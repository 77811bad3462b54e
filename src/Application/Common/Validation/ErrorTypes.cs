namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// Error types in Pydantic v2's vocabulary: the existing web frontend was written against a
/// FastAPI backend and reads these from each 422 entry.
/// </summary>
public static class ErrorTypes
{
    public const string Missing = "missing";
    public const string StringTooShort = "string_too_short";
    public const string StringTooLong = "string_too_long";
    public const string GreaterThan = "greater_than";
    public const string GreaterThanEqual = "greater_than_equal";
    public const string LessThanEqual = "less_than_equal";
    public const string LiteralError = "literal_error";
    public const string ValueError = "value_error";
    public const string DecimalMaxPlaces = "decimal_max_places";
    public const string TooLong = "too_long";
}
