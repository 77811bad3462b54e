using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>Checks <see cref="CorsOptions"/>' annotations and rules (generated).</summary>
[OptionsValidator]
internal sealed partial class CorsOptionsValidator : IValidateOptions<CorsOptions>;
