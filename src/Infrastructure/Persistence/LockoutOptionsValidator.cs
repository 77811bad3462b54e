using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>Checks <see cref="LockoutOptions"/>' annotations and its rule between the limits (generated).</summary>
[OptionsValidator]
internal sealed partial class LockoutOptionsValidator : IValidateOptions<LockoutOptions>;
