using System.Text.RegularExpressions;
using AccountRegistry.Domain.Accounts;
using FluentValidation.Results;

namespace AccountRegistry.WebApi.Errors;

/// <summary>Renders the command validator's failures in FastAPI's 422 shape.</summary>
internal static partial class ValidationErrors
{
    // The request's fields in the spec's order, the order in which FastAPI lists their errors.
    private static readonly string[] FieldOrder =
    [
        "name", "broker", "login", "password", "server", "is_live", "allowed_symbols", "max_lot_size",
        "risk_pct", "auto_trade_enabled", "mt5_path", "account_type",
    ];

    public static IReadOnlyList<ValidationError> From(IEnumerable<ValidationFailure> failures) =>
        failures.Select(failure => new ValidationError(
            failure.ErrorCode,
            Location(failure.PropertyName),
            failure.ErrorMessage,
            failure.AttemptedValue is Password ? null : failure.AttemptedValue,
            failure.CustomState as IReadOnlyDictionary<string, object>)).ToArray();

    /// <summary>
    /// The type errors and the bound errors of one body, in field order. A bound error on a value
    /// that could not be read (a placeholder) is dropped: the type error already speaks for it.
    /// </summary>
    public static IReadOnlyList<ValidationError> Merge(IReadOnlyList<ValidationError> typeErrors, IReadOnlyList<ValidationError> boundErrors) =>
        typeErrors
            .Concat(boundErrors.Where(bound => !typeErrors.Any(type => StartsWith(bound.Loc, type.Loc))))
            .OrderBy(error => FieldRank(error.Loc))
            .ToArray();

    private static bool StartsWith(IReadOnlyList<object> loc, IReadOnlyList<object> prefix) =>
        loc.Count >= prefix.Count && prefix.Select((part, i) => Equals(part, loc[i])).All(same => same);

    private static int FieldRank(IReadOnlyList<object> loc) =>
        loc.Count > 1 && loc[1] is string field && Array.IndexOf(FieldOrder, field) is var rank and >= 0 ? rank : FieldOrder.Length;

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
