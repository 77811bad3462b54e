using FluentValidation;
using FluentValidation.Validators;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// The bounds a request type's validators put on one of its properties, read back from their rules
/// (FluentValidation's descriptor): the validator is the one place a bound is written, and the body
/// binder (which reports a number beyond any range against them) and the OpenAPI schema read it here.
/// A bound behind a condition counts as a bound.
/// </summary>
public sealed class PropertyBounds
{
    public static readonly PropertyBounds None = new();

    public object? GreaterThan { get; private set; }

    public object? GreaterThanOrEqual { get; private set; }

    public object? LessThan { get; private set; }

    public object? LessThanOrEqual { get; private set; }

    public int? MinLength { get; private set; }

    public int? MaxLength { get; private set; }

    public int? MaxItems { get; private set; }

    public bool UniqueItems { get; private set; }

    public IReadOnlyList<string>? Literals { get; private set; }

    /// <summary>The bounds of each item of a list (rules made with <c>RuleForEach</c>), if any.</summary>
    public PropertyBounds? Items { get; private set; }

    /// <summary>The bounds on <paramref name="propertyName"/> (the CLR name) in any of <paramref name="validators"/>.</summary>
    public static PropertyBounds Of(IEnumerable<IValidator> validators, string propertyName)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var bounds = new PropertyBounds();
        foreach (var rule in validators.SelectMany(validator => validator.CreateDescriptor().GetRulesForMember(propertyName)))
        {
            var target = IsForEach(rule) ? bounds.Items ??= new PropertyBounds() : bounds;
            foreach (var component in rule.Components)
            {
                target.Add(component.Validator);
            }
        }

        return bounds;
    }

    private void Add(IPropertyValidator validator)
    {
        switch (validator)
        {
            case ILengthValidator length:
                MinLength = length.Min > 0 ? Math.Max(MinLength ?? 0, length.Min) : MinLength;
                MaxLength = length.Max >= 0 ? Math.Min(MaxLength ?? int.MaxValue, length.Max) : MaxLength;
                break;
            case IComparisonValidator { MemberToCompare: null } comparison:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan:
                        GreaterThan = comparison.ValueToCompare;
                        break;
                    case Comparison.GreaterThanOrEqual:
                        GreaterThanOrEqual = comparison.ValueToCompare;
                        break;
                    case Comparison.LessThan:
                        LessThan = comparison.ValueToCompare;
                        break;
                    case Comparison.LessThanOrEqual:
                        LessThanOrEqual = comparison.ValueToCompare;
                        break;
                }

                break;
            case IBetweenValidator between when validator.Name.StartsWith("Exclusive", StringComparison.Ordinal):
                (GreaterThan, LessThan) = (between.From, between.To);
                break;
            case IBetweenValidator between:
                (GreaterThanOrEqual, LessThanOrEqual) = (between.From, between.To);
                break;
            case ILiteralValidator literal:
                Literals = literal.Literals;
                break;
            case IMaxItemsValidator maxItems:
                MaxItems = Math.Min(MaxItems ?? int.MaxValue, maxItems.MaxItems);
                break;
            case IUniqueItemsValidator:
                UniqueItems = true;
                break;
        }
    }

    private static bool IsForEach(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
}
