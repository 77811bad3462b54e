using System.ComponentModel.DataAnnotations;
using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>Auth</c> section.</summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The lowercase hex SHA-256 of each accepted key, never the key itself. Empty: the API is
    /// anonymous, as the spec allows.
    /// </summary>
    // Every request is compared with every key (in constant time): the list is bounded.
    [SettingMaxCount("Auth:ApiKeys", ApiSecurityExtensions.MaxListEntries, ErrorMessage = "{0} may hold at most {1} keys.")]
    public List<string> ApiKeys { get; init; } = [];

    /// <summary>
    /// Outside Development the service refuses to start without API keys unless this says that
    /// anonymous access (the spec's original mode) is intended.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!ApiKeys.All(IsSha256Hex))
        {
            yield return new ValidationResult("Auth:ApiKeys entries must be the lowercase hex SHA-256 (64 characters) of a key, never the key itself.");
        }
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
