using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Verifications;

/// <summary>Checks <see cref="VerificationOptions"/>' annotations (generated).</summary>
[OptionsValidator]
internal sealed partial class VerificationOptionsValidator : IValidateOptions<VerificationOptions>;
