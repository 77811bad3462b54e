using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

internal sealed class Mt5OptionsValidator : IValidateOptions<Mt5Options>
{
    public ValidateOptionsResult Validate(string? name, Mt5Options options)
    {
        var failures = new List<string>();
        if (options.Gateway == Mt5GatewayKind.MtApi5)
        {
            failures.Add(
                "Mt5:Gateway is MtApi5 (the default outside Development), but this build has no MtApi5 gateway yet. " +
                "Set Mt5:Gateway=Sandbox to run without real MT5 verification.");
        }

        if (options.Sandbox.LatencyMs < 0)
        {
            failures.Add("Mt5:Sandbox:LatencyMs must not be negative.");
        }

        for (var i = 0; i < options.Sandbox.Accounts.Count; i++)
        {
            var account = options.Sandbox.Accounts[i];
            if (account.Login < 0 || string.IsNullOrWhiteSpace(account.Server) || string.IsNullOrEmpty(account.Password))
            {
                failures.Add($"Mt5:Sandbox:Accounts:{i} needs a Server, a Password and a Login that is 0 (any) or positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
