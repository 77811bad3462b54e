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
    /// The type errors and the bound errors of one body, in field order (within a field, in the order
    /// given: type errors first). A bound error on a value that could not be read (a placeholder) is
    /// dropped: the type error at its location, or at a location that holds it, already speaks for it.
    /// Linear in the number of errors.
    /// </summary>
    public static IReadOnlyList<ValidationError> Merge(IReadOnlyList<ValidationError> typeErrors, IReadOnlyList<ValidationError> boundErrors)
    {
        var unread = new HashSet<IReadOnlyList<object>>(typeErrors.Select(error => error.Loc), LocComparer.Instance);
        var byField = new List<ValidationError>?[FieldOrder.Length + 1];
        foreach (var error in typeErrors.Concat(boundErrors.Where(bound => !WithinAny(bound.Loc, unread))))
        {
            (byField[FieldRank(error.Loc)] ??= []).Add(error);
        }

        return byField.Where(errors => errors is not null).SelectMany(errors => errors!).ToArray();
    }

    // Is the location, or one that holds it (["body", "allowed_symbols"] holds ["body", "allowed_symbols", 3]), in the set?
    private static bool WithinAny(IReadOnlyList<object> loc, HashSet<IReadOnlyList<object>> locations)
    {
        for (var length = 1; length <= loc.Count; length++)
        {
            if (locations.Contains(length == loc.Count ? loc : loc.Take(length).ToArray()))
            {
                return true;
            }
        }

        return false;
    }

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

    private sealed class LocComparer : IEqualityComparer<IReadOnlyList<object>>
    {
        public static readonly LocComparer Instance = new();

        public bool Equals(IReadOnlyList<object>? x, IReadOnlyList<object>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y));

        public int GetHashCode(IReadOnlyList<object> obj)
        {
            var hash = default(HashCode);
            foreach (var part in obj)
            {
                hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }

    [GeneratedRegex(@"(?<name>[A-Za-z0-9_]+)(\[(?<index>\d+)\])?")]
    private static partial Regex PathSegment();
}
