using AccountRegistry.Application.Common.Models;
using Mediator;

namespace AccountRegistry.Application.Accounts.DeleteAccount;

/// <summary>
/// Deletes an account, its ciphertext with it: DELETE /api/v1/accounts/{account_id}. The audit
/// trail keeps the deletion; the login may then be registered again.
/// </summary>
public sealed record DeleteAccountCommand(long AccountId, VersionPrecondition Precondition) : IRequest;
