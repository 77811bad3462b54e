using System.ComponentModel;
using System.Text.Json.Serialization;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Accounts.ChangePassword;

/// <summary>
/// Replaces an account's MT5 password: PUT /api/v1/accounts/{account_id}/password with
/// <c>{"password": "..."}</c>. The use case (verify against MT5, re-seal) and the endpoint come with issue 10.
/// </summary>
[Description("The account's new MT5 password.")]
public sealed record ChangePasswordCommand
{
    /// <summary>From the path, not the body.</summary>
    [JsonIgnore]
    public long AccountId { get; init; }

    [NeverEchoed]
    [Description("MT5 password; verified against MT5, encrypted before storage and never returned")]
    public required Password Password { get; init; }
}
