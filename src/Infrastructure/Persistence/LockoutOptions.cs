using System.ComponentModel.DataAnnotations;
using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>The <c>Lockout</c> section.</summary>
public sealed class LockoutOptions : IValidatableObject
{
    public const string SectionName = "Lockout";

    /// <summary>The largest count either limit may be set to.</summary>
    public const int MaxCount = 1000;

    /// <summary>The longest window, a day.</summary>
    public const int MaxWindowMinutes = 1440;

    /// <summary>
    /// Rejected credential checks of one login from one client address that lock that address out
    /// of the login. 0 turns the lockout off (warned about at start-up outside Development).
    /// </summary>
    [SettingRange("Lockout:MaxFailures", 0, MaxCount, ErrorMessage = "{0} must be between {1} (lockout off) and {2}.")]
    public int MaxFailures { get; set; } = 5;

    /// <summary>Rejected credential checks of one login from all addresses together that lock the login out.</summary>
    [SettingRange("Lockout:MaxFailuresPerLogin", 0, MaxCount)]
    public int MaxFailuresPerLogin { get; set; } = 20;

    /// <summary>The window they are counted in, and how long the lock lasts.</summary>
    [SettingRange("Lockout:WindowMinutes", 1, MaxWindowMinutes)]
    public int WindowMinutes { get; set; } = 15;

    public bool Enabled => MaxFailures > 0;

    /// <summary>The rule between the two limits (each one's own range is on it).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Enabled && MaxFailures <= MaxCount && MaxFailuresPerLogin is >= 0 and <= MaxCount && MaxFailuresPerLogin < MaxFailures)
        {
            yield return new ValidationResult($"Lockout:MaxFailuresPerLogin must be between Lockout:MaxFailures ({MaxFailures}) and {MaxCount}.");
        }
    }
}
