namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>The <c>Lockout</c> section.</summary>
public sealed class LockoutOptions
{
    public const string SectionName = "Lockout";

    /// <summary>Rejected credential checks of one login that lock it out.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>The window they are counted in, and how long the lock lasts.</summary>
    public int WindowMinutes { get; set; } = 15;
}
