using System.Text.RegularExpressions;
using AccountRegistry.Domain.Accounts;
using FluentValidation;

namespace AccountRegistry.WebApi.Errors;

/// <summary>Renders the command validator's failures in FastAPI's 422 shape.</summary>
internal static partial class ValidationErrors
{
    public static ValidationErrorResponse From(ValidationException exception) =>
        new(exception.Errors.Select(failure => new ValidationError(
            failure.ErrorCode,
            Location(failure.PropertyName),
            failure.ErrorMessage,
            failure.AttemptedValue is Password ? null : failure.AttemptedValue,
            failure.CustomState as IReadOnlyDictionary<string, object>)).ToArray());

    // "AllowedSymbols[2]" is ["body", "allowed_symbols", 2].
    private static object[] Location(string propertyPath)
    {
        var loc = new List<object> { "body" };
        foreach (Match segment in PathSegment().Matches(propertyPath))
        {
            loc.Add(ApiJson.Naming.ConvertName(segment.Groups["name"].Value));
            if (segment.Groups["index"].Success)
            {
                loc.Add(int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return loc.ToArray();
    }

    [GeneratedRegex(@"(?<name>[A-Za-z0-9_]+)(\[(?<index>\d+)\])?")]
    private static partial Regex PathSegment();
}
