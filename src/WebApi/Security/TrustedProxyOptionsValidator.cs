using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>Checks <see cref="TrustedProxyOptions"/>' annotations and rules (generated).</summary>
[OptionsValidator]
internal sealed partial class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>;
