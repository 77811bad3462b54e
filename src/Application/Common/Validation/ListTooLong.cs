namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// Pydantic's <c>too_long</c> for a list: one error for the whole list, however long it is. The
/// validator reports it for a command built in code; the API's body reader reports it itself, from
/// the JSON array's length, without reading a single item of a list that is too long.
/// </summary>
public static class ListTooLong
{
    public static string Message(int maxLength, int actualLength) =>
        $"List should have at most {maxLength} items after validation, not {actualLength}";

    public static IReadOnlyDictionary<string, object> Context(int maxLength, int actualLength) => new Dictionary<string, object>
    {
        ["field_type"] = "List",
        ["max_length"] = maxLength,
        ["actual_length"] = actualLength,
    };
}
