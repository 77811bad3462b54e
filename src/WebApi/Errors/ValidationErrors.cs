using System.Text.RegularExpressions;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Binding;
using FluentValidation.Results;

namespace AccountRegistry.WebApi.Errors;

/// <summary>Renders the catalogue's errors and the validators' failures in FastAPI's 422 shape.</summary>
internal static partial class ValidationErrors
{
    /// <summary>The catalogue's <paramref name="error"/> at <paramref name="loc"/>, echoing <paramref name="input"/> if it is echoable.</summary>
    public static ValidationError Of(PydanticError error, IReadOnlyList<object> loc, object? input = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ValidationError(error.Type, loc, error.Message, input, error.Context);
    }

    /// <summary>
    /// A validator's failures, named by the naming policy. An attempted value that is no scalar (a
    /// list, a <see cref="Domain.Accounts.Password"/>) is never echoed (<see cref="ValidationError.Input"/>).
    /// </summary>
    public static IReadOnlyList<ValidationError> From(IEnumerable<ValidationFailure> failures) => From(failures, contract: null);

    /// <summary>A validator's failures on a body of <paramref name="contract"/>'s type: named, and echoed or not, as the contract says.</summary>
    public static IReadOnlyList<ValidationError> From(IEnumerable<ValidationFailure> failures, RequestContract? contract) =>
        failures.Select(failure =>
        {
            var loc = Location(failure.PropertyName, contract);
            var secret = contract is not null && loc.Length > 1 && loc[1] is string field && contract.Secrets.Contains(field);
            return new ValidationError(
                failure.ErrorCode,
                loc,
                failure.ErrorMessage,
                secret ? null : failure.AttemptedValue,
                failure.CustomState as IReadOnlyDictionary<string, object>);
        }).ToArray();

    /// <summary>
    /// The type errors and the bound errors of one body, in field order (within a field, in the order
    /// given: type errors first). A bound error on a value that could not be read (a placeholder) is
    /// dropped: the type error at its location, or at a location that holds it, already speaks for it.
    /// Linear in the number of errors.
    /// </summary>
    public static IReadOnlyList<ValidationError> Merge(
        IReadOnlyList<ValidationError> typeErrors, IReadOnlyList<ValidationError> boundErrors, IReadOnlyList<string> fieldOrder)
    {
        ArgumentNullException.ThrowIfNull(fieldOrder);
        var unread = new HashSet<IReadOnlyList<object>>(typeErrors.Select(error => error.Loc), LocComparer.Instance);
        var rank = fieldOrder.Select((field, index) => (field, index)).ToDictionary(pair => pair.field, pair => pair.index, StringComparer.Ordinal);
        var byField = new List<ValidationError>?[fieldOrder.Count + 1];
        foreach (var error in typeErrors.Concat(boundErrors.Where(bound => !WithinAny(bound.Loc, unread))))
        {
            var index = error.Loc.Count > 1 && error.Loc[1] is string field && rank.TryGetValue(field, out var found) ? found : fieldOrder.Count;
            (byField[index] ??= []).Add(error);
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

    // "AllowedSymbols[2]" is ["body", "allowed_symbols", 2]: the contract's wire name, or the naming policy's.
    private static object[] Location(string propertyPath, RequestContract? contract)
    {
        var loc = new List<object> { "body" };
        foreach (Match segment in PathSegment().Matches(propertyPath))
        {
            var name = segment.Groups["name"].Value;
            loc.Add(loc.Count == 1 && contract?.JsonNames.TryGetValue(name, out var jsonName) == true ? jsonName : ApiJson.Naming.ConvertName(name));
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
