using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>
/// The rule between <see cref="ApiKeyOptions"/> and the environment: outside Development, API keys
/// are configured, or anonymous access is asked for in so many words.
/// </summary>
internal sealed class AnonymousAccessValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return environment.IsDevelopment() || options.ApiKeys.Count > 0 || options.AllowAnonymous
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "No API key is configured (Auth:ApiKeys): configure Auth:ApiKeys:0 with the SHA-256 hex of a key, " +
                "or set Auth:AllowAnonymous=true if anonymous access is intended.");
    }
}
