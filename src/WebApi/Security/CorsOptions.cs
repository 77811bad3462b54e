using System.ComponentModel.DataAnnotations;
using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>Cors</c> section.</summary>
public sealed class CorsOptions : IValidatableObject
{
    public const string SectionName = "Cors";

    /// <summary>The web frontend's origins, e.g. <c>https://app.example.com</c>. None by default.</summary>
    [SettingMaxCount("Cors:AllowedOrigins", ApiSecurityExtensions.MaxListEntries)]
    public List<string> AllowedOrigins { get; init; } = [];

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!AllowedOrigins.All(OriginAllowlist.IsValid))
        {
            yield return new ValidationResult(
                "Cors:AllowedOrigins entries must be origins (scheme://host or scheme://host:port, http or https, no path), or scheme://host:* for any port.");
        }
    }
}
