using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>Cors</c> section.</summary>
public sealed class CorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>The web frontend's origins, e.g. <c>https://app.example.com</c>. None by default.</summary>
    [SettingMaxCount("Cors:AllowedOrigins", ApiSecurityExtensions.MaxListEntries)]
    public List<string> AllowedOrigins { get; init; } = [];
}
