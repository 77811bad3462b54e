using System.Linq.Expressions;
using AccountRegistry.Application.Common.Models;
using FluentValidation;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>Rules on an <see cref="Optional{T}"/> field: checked when the field is given, and reported under its own name.</summary>
public static class OptionalRules
{
    public static void RuleForOptional<T, TValue>(
        this AbstractValidator<T> validator,
        Expression<Func<T, Optional<TValue>>> field,
        Action<IRuleBuilder<T, TValue>> rules)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(rules);
        var (isSet, value, name) = Parts(field);
        validator.When(isSet, () => rules(validator.RuleFor(value).Configure(rule => rule.PropertyName = name)));
    }

    /// <summary>Rules on each item of an <see cref="Optional{T}"/> list, when it is given and <paramref name="when"/> holds.</summary>
    public static void RuleForEachOptional<T, TItem>(
        this AbstractValidator<T> validator,
        Expression<Func<T, Optional<IReadOnlyList<TItem>>>> field,
        Func<IReadOnlyList<TItem>, bool> when,
        Action<IRuleBuilder<T, TItem>> rules)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(rules);
        var (isSet, value, name) = Parts(field);
        var read = value.Compile();
        var items = Expression.Lambda<Func<T, IEnumerable<TItem>>>(value.Body, value.Parameters);
        validator.When(
            request => isSet(request) && when(read(request)),
            () => rules(validator.RuleForEach(items).Configure(rule => rule.PropertyName = name)));
    }

    /// <summary>A field that may not be given at all; <paramref name="reason"/> says why and what to do instead.</summary>
    public static void Forbid<T, TValue>(this AbstractValidator<T> validator, Expression<Func<T, Optional<TValue>>> field, string reason)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(field).Must(value => !value.IsSet).As(PydanticErrors.ValueError(reason));
    }

    // c => c.Name gives: is it set, c => c.Name.Value, and "Name" (the name its failures are reported under).
    private static (Func<T, bool> IsSet, Expression<Func<T, TValue>> Value, string Name) Parts<T, TValue>(Expression<Func<T, Optional<TValue>>> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Body is not MemberExpression member)
        {
            throw new ArgumentException("Expected a property of the request, such as c => c.Name.", nameof(field));
        }

        var read = field.Compile();
        var value = Expression.Lambda<Func<T, TValue>>(Expression.Property(member, nameof(Optional<TValue>.Value)), field.Parameters);
        return (request => read(request).IsSet, value, member.Member.Name);
    }
}
