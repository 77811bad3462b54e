using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi;

/// <summary>Checks <see cref="RequestLimitsOptions"/>' annotations (generated).</summary>
[OptionsValidator]
internal sealed partial class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>;
