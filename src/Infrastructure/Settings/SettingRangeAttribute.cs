using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AccountRegistry.Infrastructure.Settings;

/// <summary>
/// The range a configured number must be in. Its failure is one line for the operator, naming the
/// setting by its configuration key: <c>Lockout:WindowMinutes must be between 1 and 1440.</c>
/// (<see cref="ValidationAttribute.ErrorMessage"/> may reword it: <c>{0}</c> is the key, <c>{1}</c>
/// the minimum, <c>{2}</c> the maximum). Read by the options validators the source generator writes.
/// </summary>
/// <remarks>
/// Not <see cref="RangeAttribute"/>: the generator's copy of it ignores <c>ErrorMessage</c>, and every
/// member-bound result is prefixed with the property's name, where the operator needs the key.
/// </remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute(string key, long minimum, long maximum)
    : ValidationAttribute("{0} must be between {1} and {2}.")
{
    public string Key { get; } = key;

    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, Key, Minimum, Maximum);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        return number >= Minimum && number <= Maximum
            ? ValidationResult.Success
            : new ValidationResult(FormatErrorMessage(Key));
    }
}
