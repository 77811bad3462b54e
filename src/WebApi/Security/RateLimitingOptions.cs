using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>RateLimiting</c> section. 0 turns a limit off (load tests, trusted networks).</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    private const int MaxPerMinute = 100_000;
    private const string NoLimitMessage = "{0} must be between {1} (no limit) and {2}.";

    /// <summary>Registrations per client address per minute. Each one can cost a terminal login.</summary>
    [SettingRange("RateLimiting:RegisterPerMinute", 0, MaxPerMinute, ErrorMessage = NoLimitMessage)]
    public int RegisterPerMinute { get; set; } = 10;

    /// <summary>Reads per client address per minute.</summary>
    [SettingRange("RateLimiting:ReadPerMinute", 0, MaxPerMinute, ErrorMessage = NoLimitMessage)]
    public int ReadPerMinute { get; set; } = 300;

    /// <summary>
    /// Changes and deletions (PATCH, DELETE) per client address per minute. They ask MT5 nothing,
    /// so they are not held to the registrations' limit; each is one database write.
    /// </summary>
    [SettingRange("RateLimiting:WritePerMinute", 0, MaxPerMinute, ErrorMessage = NoLimitMessage)]
    public int WritePerMinute { get; set; } = 60;

    /// <summary>
    /// Requests with a wrong or missing API key per client address per minute (when keys are
    /// configured). Past it, every request from the address gets 429 until the minute is over,
    /// whatever key it carries, so keys cannot be guessed at speed.
    /// </summary>
    [SettingRange("RateLimiting:FailedAuthPerMinute", 0, MaxPerMinute, ErrorMessage = NoLimitMessage)]
    public int FailedAuthPerMinute { get; set; } = 10;
}
