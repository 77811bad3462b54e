using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Observability;

/// <summary>Checks <see cref="MetricsOptions"/>' annotations (generated).</summary>
[OptionsValidator]
internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
