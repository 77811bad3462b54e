using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi;

/// <summary>The <c>Limits</c> section.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>The largest request body read; larger ones get 413. A registration is well under 2 KiB.</summary>
    [SettingRange("Limits:MaxRequestBodyBytes", 1, 16 * 1024 * 1024, ErrorMessage = "{0} must be between 1 and 16 MiB.")]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
