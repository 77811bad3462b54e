using AccountRegistry.Application.Common.Credentials;
using Mediator;

namespace AccountRegistry.Application.Accounts.VerifyAccount;

/// <summary>POST /api/v1/accounts/{id}/verify: log into MT5 with the stored credentials now, and keep what it says.</summary>
public sealed record VerifyAccountCommand(long AccountId) : IRequest<VerificationResponse>, IVerifiesCredentials
{
    VerificationKind IVerifiesCredentials.Kind => VerificationKind.Verify;
}
