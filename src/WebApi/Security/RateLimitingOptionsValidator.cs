using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>Checks <see cref="RateLimitingOptions"/>' annotations and rules (generated).</summary>
[OptionsValidator]
internal sealed partial class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>;
