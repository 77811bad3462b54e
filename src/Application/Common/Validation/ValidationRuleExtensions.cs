using System.Globalization;
using AccountRegistry.Domain.Common;
using FluentValidation;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// FluentValidation rules that report their failures the way Pydantic does: its error type as the
/// error code, its message, and its context (the bound that was broken) as the custom state.
/// Validators using them set <c>RuleLevelCascadeMode = CascadeMode.Stop</c>, so each field reports
/// its first failure only, as Pydantic does.
/// </summary>
public static class ValidationRuleExtensions
{
    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.TextLength(maxLength)
            .Must(value => !TextRules.IsBlank(value))
            .WithErrorCode(ErrorTypes.ValueError)
            .WithMessage("Value error, must not be blank")
            .NoControlCharacters();

    public static IRuleBuilderOptions<T, string> TextLength<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.Must(value => value.Length >= 1)
            .WithErrorCode(ErrorTypes.StringTooShort)
            .WithMessage("String should have at least 1 character")
            .WithState(_ => Context("min_length", 1))
            .Must(value => value.Length <= maxLength)
            .WithErrorCode(ErrorTypes.StringTooLong)
            .WithMessage($"String should have at most {maxLength} characters")
            .WithState(_ => Context("max_length", maxLength));

    public static IRuleBuilderOptions<T, string> NoControlCharacters<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(value => !TextRules.HasControlCharacters(value))
            .WithErrorCode(ErrorTypes.ValueError)
            .WithMessage("Value error, must not contain control characters");

    public static IRuleBuilderOptions<T, decimal> ExclusiveRange<T>(
        this IRuleBuilder<T, decimal> rule, decimal greaterThan, decimal lessThanOrEqual, int maxDecimalPlaces) =>
        rule.Must(value => value > greaterThan)
            .WithErrorCode(ErrorTypes.GreaterThan)
            .WithMessage($"Input should be greater than {Format(greaterThan)}")
            .WithState(_ => Context("gt", greaterThan))
            .Must(value => value <= lessThanOrEqual)
            .WithErrorCode(ErrorTypes.LessThanEqual)
            .WithMessage($"Input should be less than or equal to {Format(lessThanOrEqual)}")
            .WithState(_ => Context("le", lessThanOrEqual))
            .Must(value => Decimals.Places(value) <= maxDecimalPlaces)
            .WithErrorCode(ErrorTypes.DecimalMaxPlaces)
            .WithMessage($"Decimal input should have no more than {maxDecimalPlaces} decimal places")
            .WithState(_ => Context("decimal_places", maxDecimalPlaces));

    public static IRuleBuilderOptions<T, string> OneOf<T>(this IRuleBuilder<T, string> rule, params string[] literals)
    {
        var expected = string.Join(" or ", literals.Select(literal => $"'{literal}'"));
        return rule.Must(value => literals.Contains(value, StringComparer.Ordinal))
            .WithErrorCode(ErrorTypes.LiteralError)
            .WithMessage($"Input should be {expected}")
            .WithState(_ => Context("expected", expected));
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, object> Context(string key, object value) => new() { [key] = value };
}
