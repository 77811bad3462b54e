namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>The <c>Lockout</c> section.</summary>
public sealed class LockoutOptions
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
    public int MaxFailures { get; set; } = 5;

    /// <summary>Rejected credential checks of one login from all addresses together that lock the login out.</summary>
    public int MaxFailuresPerLogin { get; set; } = 20;

    /// <summary>The window they are counted in, and how long the lock lasts.</summary>
    public int WindowMinutes { get; set; } = 15;

    public bool Enabled => MaxFailures > 0;

    /// <summary>What is wrong with these settings, one line each.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxFailures is < 0 or > MaxCount)
        {
            yield return $"Lockout:MaxFailures must be between 0 (lockout off) and {MaxCount}.";
        }

        if (Enabled && (MaxFailuresPerLogin < MaxFailures || MaxFailuresPerLogin > MaxCount))
        {
            yield return $"Lockout:MaxFailuresPerLogin must be between Lockout:MaxFailures ({MaxFailures}) and {MaxCount}.";
        }

        if (WindowMinutes is < 1 or > MaxWindowMinutes)
        {
            yield return $"Lockout:WindowMinutes must be between 1 and {MaxWindowMinutes}.";
        }
    }
}

internal sealed class LockoutOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<LockoutOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, LockoutOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
