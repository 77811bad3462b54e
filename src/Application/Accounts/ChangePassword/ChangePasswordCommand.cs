using AccountRegistry.Application.Common.Credentials;
using System.ComponentModel;
using System.Text.Json.Serialization;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using Mediator;

namespace AccountRegistry.Application.Accounts.ChangePassword;

/// <summary>
/// Replaces an account's MT5 password: PUT /api/v1/accounts/{account_id}/password with
/// <c>{"password": "..."}</c>. Gives the account's new version (its ETag).
/// </summary>
[Description("The account's new MT5 password.")]
public sealed record ChangePasswordCommand : IRequest<int>, IVerifiesCredentials
{
    VerificationKind IVerifiesCredentials.Kind => VerificationKind.PasswordChange;

    /// <summary>From the path, not the body.</summary>
    [JsonIgnore]
    public long AccountId { get; init; }

    /// <summary>From the <c>If-Match</c> header, not the body.</summary>
    [JsonIgnore]
    public VersionPrecondition Precondition { get; init; } = VersionPrecondition.None;

    [NeverEchoed]
    [Description("MT5 password; verified against MT5, encrypted before storage and never returned")]
    public required Password Password { get; init; }
}
