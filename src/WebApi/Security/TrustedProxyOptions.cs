using System.ComponentModel.DataAnnotations;
using System.Net;
using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>ForwardedHeaders</c> section.</summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// Addresses of the reverse proxies whose X-Forwarded-For is believed. None by default: the
    /// client address is then the connection's, never a header anyone can send.
    /// </summary>
    [SettingMaxCount("ForwardedHeaders:TrustedProxies", ApiSecurityExtensions.MaxListEntries, ErrorMessage = "{0} may hold at most {1} addresses.")]
    public List<string> TrustedProxies { get; init; } = [];

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!TrustedProxies.All(proxy => IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult("ForwardedHeaders:TrustedProxies entries must be IP addresses.");
        }
    }
}
