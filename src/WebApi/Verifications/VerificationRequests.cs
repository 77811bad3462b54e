using System.Text.Json;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Accounts.VerifyAccount;
using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Verifications;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Http;
using Mediator;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// A verification's request as a job keeps it, without the password: the register body's fields
/// (as bound and validated), or the password change's <c>If-Match</c>, which is checked when the
/// job runs (as the synchronous call checks it when it runs). And back, with the password the job
/// unsealed, into the command the synchronous endpoint sends.
/// </summary>
internal static class VerificationRequests
{
    public static string Of(RegisterAccountCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return JsonSerializer.Serialize(new RegistrationFields(
            command.Name, command.Broker, command.Login, command.Server, command.IsLive, command.AllowedSymbols,
            command.MaxLotSize, command.RiskPct, command.AutoTradeEnabled, command.Mt5Path, command.AccountType), ApiJson.SerializerOptions);
    }

    public static string OfPasswordChange(string? ifMatch) =>
        JsonSerializer.Serialize(new PasswordChangeFields(ifMatch), ApiJson.SerializerOptions);

    public static string OfVerify() => "{}";

    /// <summary>The command the synchronous endpoint would have sent for the job.</summary>
    public static IMessage ToCommand(ClaimedVerificationJob job, Password? password)
    {
        ArgumentNullException.ThrowIfNull(job);
        switch (job.Kind)
        {
            case VerificationKind.Register:
                var fields = JsonSerializer.Deserialize<RegistrationFields>(job.Request, ApiJson.SerializerOptions)
                    ?? throw new JsonException("A register job without its request");
                return new RegisterAccountCommand
                {
                    Name = fields.Name,
                    Broker = fields.Broker,
                    Login = fields.Login,
                    Password = password ?? throw new InvalidOperationException("A register job without its password"),
                    Server = fields.Server,
                    IsLive = fields.IsLive,
                    AllowedSymbols = fields.AllowedSymbols,
                    MaxLotSize = fields.MaxLotSize,
                    RiskPct = fields.RiskPct,
                    AutoTradeEnabled = fields.AutoTradeEnabled,
                    Mt5Path = fields.Mt5Path,
                    AccountType = fields.AccountType,
                };
            case VerificationKind.PasswordChange:
                var change = JsonSerializer.Deserialize<PasswordChangeFields>(job.Request, ApiJson.SerializerOptions)
                    ?? throw new JsonException("A password change job without its request");
                return new ChangePasswordCommand
                {
                    AccountId = AccountIdOf(job),
                    Password = password ?? throw new InvalidOperationException("A password change job without its password"),
                    Precondition = AccountEntityTag.Precondition(change.IfMatch),
                };
            case VerificationKind.Verify:
                return new VerifyAccountCommand(AccountIdOf(job));
            default:
                throw new InvalidOperationException($"Unknown verification kind {job.Kind}");
        }
    }

    private static long AccountIdOf(ClaimedVerificationJob job) =>
        job.AccountId ?? throw new InvalidOperationException($"A {job.Kind} job without its account");

    private sealed record RegistrationFields(
        string Name, string Broker, long Login, string Server, bool IsLive, IReadOnlyList<string> AllowedSymbols,
        decimal MaxLotSize, decimal RiskPct, bool AutoTradeEnabled, string Mt5Path, string AccountType);

    private sealed record PasswordChangeFields(string? IfMatch);
}
