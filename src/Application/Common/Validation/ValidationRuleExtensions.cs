using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using FluentValidation;
using FluentValidation.Results;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// FluentValidation rules that report their failures the way Pydantic does: the catalogue's error
/// type as the error code, its message, and its context (the bound that was broken) as the custom
/// state. Bounds use FluentValidation's built-in validators (or the few here that it lacks), so that
/// <see cref="PropertyBounds"/> can read them back for the body binder and the OpenAPI schema.
/// Validators using them set <c>RuleLevelCascadeMode = CascadeMode.Stop</c>, so each field reports
/// its first failure only, as Pydantic does.
/// </summary>
public static class ValidationRuleExtensions
{
    /// <summary>Reports the rule's failure as the catalogue's <paramref name="error"/>.</summary>
    public static IRuleBuilderOptions<T, TProperty> As<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, PydanticError error)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(error);
        rule = rule.WithErrorCode(error.Type).WithMessage(error.Message);
        return error.Context is { } context ? rule.WithState(_ => context) : rule;
    }

    /// <summary>Free text: 1 to <paramref name="maxLength"/> characters, not blank, no control characters.</summary>
    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.MinimumLength(1).As(PydanticErrors.StringTooShort(1))
            .MaximumLength(maxLength).As(PydanticErrors.StringTooLong(maxLength))
            .Must(value => !TextRules.IsBlank(value)).As(PydanticErrors.ValueError("must not be blank"))
            .NoControlCharacters();

    /// <summary>Text that may be empty: at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static IRuleBuilderOptions<T, string> OptionalText<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.MaximumLength(maxLength).As(PydanticErrors.StringTooLong(maxLength))
            .NoControlCharacters();

    public static IRuleBuilderOptions<T, string> NoControlCharacters<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(value => !TextRules.HasControlCharacters(value)).As(PydanticErrors.ValueError("must not contain control characters"));

    /// <summary>
    /// An MT5 password: 1 to <see cref="AccountLimits.PasswordMaxLength"/> characters, no control
    /// characters. The rules are on the <see cref="Password"/> itself, so a failure's attempted value
    /// is the wrapper, which never prints itself.
    /// </summary>
    public static IRuleBuilderOptions<T, Password> Mt5Password<T>(this IRuleBuilder<T, Password> rule) =>
        rule.SetValidator(new SecretLengthValidator<T>(1, -1)).As(PydanticErrors.StringTooShort(1))
            .SetValidator(new SecretLengthValidator<T>(0, AccountLimits.PasswordMaxLength)).As(PydanticErrors.StringTooLong(AccountLimits.PasswordMaxLength))
            .Must(password => !TextRules.HasControlCharacters(password.Reveal())).As(PydanticErrors.ValueError("must not contain control characters"));

    /// <summary>A number within (<paramref name="greaterThan"/>, <paramref name="lessThanOrEqual"/>].</summary>
    public static IRuleBuilderOptions<T, decimal> ExclusiveRange<T>(this IRuleBuilder<T, decimal> rule, decimal greaterThan, decimal lessThanOrEqual) =>
        rule.GreaterThan(greaterThan).As(PydanticErrors.GreaterThan(greaterThan))
            .LessThanOrEqualTo(lessThanOrEqual).As(PydanticErrors.LessThanEqual(lessThanOrEqual));

    public static IRuleBuilderOptions<T, string> OneOf<T>(this IRuleBuilder<T, string> rule, params string[] literals) =>
        rule.SetValidator(new LiteralValidator<T>(literals)).As(PydanticErrors.LiteralError(literals));

    /// <summary>A list of at most <paramref name="maxItems"/> items; one past it is one <c>too_long</c> error for the list.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>> MaxItems<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>> rule, int maxItems) =>
        rule.SetValidator(new MaxItemsValidator<T, TItem>(maxItems));

    /// <summary>Items that appear once; a repeat is a <c>value_error</c> at its own index.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> UniqueItems<T>(
        this IRuleBuilder<T, IReadOnlyList<string>> rule, StringComparer comparer, int maxItems, int maxItemLength) =>
        rule.SetValidator(new UniqueItemsValidator<T>(comparer, maxItems, maxItemLength));

    internal static ValidationFailure Failure(string propertyPath, PydanticError error) =>
        new(propertyPath, error.Message) { ErrorCode = error.Type, CustomState = error.Context };
}
