using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>Checks <see cref="ApiKeyOptions"/>' annotations and rules (generated).</summary>
[OptionsValidator]
internal sealed partial class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>;
