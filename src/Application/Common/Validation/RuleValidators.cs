using AccountRegistry.Domain.Accounts;
using FluentValidation;
using FluentValidation.Validators;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>A validator that admits only these strings; see <see cref="LiteralValidator{T}"/>.</summary>
public interface ILiteralValidator : IPropertyValidator
{
    IReadOnlyList<string> Literals { get; }
}

/// <summary>A validator that bounds a list's length; see <see cref="MaxItemsValidator{T, TItem}"/>.</summary>
public interface IMaxItemsValidator : IPropertyValidator
{
    int MaxItems { get; }
}

/// <summary>A validator that refuses repeated items; see <see cref="UniqueItemsValidator{T}"/>.</summary>
public interface IUniqueItemsValidator : IPropertyValidator;

/// <summary>The string must be one of <see cref="Literals"/> (compared exactly), as a Pydantic <c>Literal</c>.</summary>
public sealed class LiteralValidator<T>(IReadOnlyList<string> literals) : PropertyValidator<T, string>, ILiteralValidator
{
    public IReadOnlyList<string> Literals { get; } = literals;

    public override string Name => nameof(LiteralValidator<T>);

    public override bool IsValid(ValidationContext<T> context, string value) => Literals.Contains(value, StringComparer.Ordinal);
}

/// <summary>The length bounds of a <see cref="Password"/>, as FluentValidation's length validators give a string's.</summary>
public sealed class SecretLengthValidator<T>(int min, int max) : PropertyValidator<T, Password>, ILengthValidator
{
    public int Min { get; } = min;

    /// <summary>-1 for no maximum, as FluentValidation's own length validators.</summary>
    public int Max { get; } = max;

    public override string Name => nameof(SecretLengthValidator<T>);

    public override bool IsValid(ValidationContext<T> context, Password value) =>
        value is not null && value.Length >= Min && (Max < 0 || value.Length <= Max);
}

/// <summary>
/// At most <see cref="MaxItems"/> items. A longer list is one <c>too_long</c> failure for the list
/// (its length in the message), and nothing is read of its items.
/// </summary>
public sealed class MaxItemsValidator<T, TItem>(int maxItems) : PropertyValidator<T, IReadOnlyList<TItem>>, IMaxItemsValidator
{
    public int MaxItems { get; } = maxItems;

    public override string Name => nameof(MaxItemsValidator<T, TItem>);

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<TItem> value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (value is not null && value.Count > MaxItems)
        {
            // The message and context carry the list's length, so the failure is written here in full.
            context.AddFailure(ValidationRuleExtensions.Failure(context.PropertyPath, PydanticErrors.TooLong(MaxItems, value.Count)));
        }

        return true;
    }
}

/// <summary>
/// Each item appears once under <see cref="Comparer"/>; every repeat is a <c>value_error</c> at its
/// own index. An item longer than <see cref="MaxItemLength"/> has an error of its own and is not quoted
/// again, and a list of more than <see cref="MaxItems"/> (its own <c>too_long</c>) is not compared at all.
/// </summary>
public sealed class UniqueItemsValidator<T>(StringComparer comparer, int maxItems, int maxItemLength) : PropertyValidator<T, IReadOnlyList<string>>, IUniqueItemsValidator
{
    public StringComparer Comparer { get; } = comparer;

    public int MaxItems { get; } = maxItems;

    public int MaxItemLength { get; } = maxItemLength;

    public override string Name => nameof(UniqueItemsValidator<T>);

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<string> value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (value is null || value.Count > MaxItems)
        {
            return true;
        }

        var seen = new HashSet<string>(Comparer);
        for (var i = 0; i < value.Count; i++)
        {
            if (value[i].Length <= MaxItemLength && !seen.Add(value[i]))
            {
                context.AddFailure(ValidationRuleExtensions.Failure(
                    $"{context.PropertyPath}[{i}]", PydanticErrors.ValueError($"'{value[i]}' is listed more than once")));
            }
        }

        return true;
    }
}
