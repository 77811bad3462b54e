using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AccountRegistry.Infrastructure.Settings;

/// <summary>
/// The most entries a configured list may hold: requests walk such lists, so they are bounded like
/// everything else a request costs. Its failure is one line naming the setting by its key
/// (<see cref="ValidationAttribute.ErrorMessage"/> may reword it: <c>{0}</c> is the key, <c>{1}</c>
/// the bound, <c>{2}</c> the count configured).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingMaxCountAttribute(string key, int maximum)
    : ValidationAttribute("{0} has {2} entries; at most {1} are allowed.")
{
    public string Key { get; } = key;

    public int Maximum { get; } = maximum;

    public override string FormatErrorMessage(string name) => Format(0);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var count = value is ICollection collection ? collection.Count : 0;
        return count <= Maximum ? ValidationResult.Success : new ValidationResult(Format(count));
    }

    private string Format(int count) => string.Format(CultureInfo.InvariantCulture, ErrorMessageString, Key, Maximum, count);
}
