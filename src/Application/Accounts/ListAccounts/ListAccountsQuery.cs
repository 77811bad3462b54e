using Mediator;

namespace AccountRegistry.Application.Accounts.ListAccounts;

/// <summary>GET /api/v1/accounts: every account, ordered by id.</summary>
public sealed record ListAccountsQuery : IRequest<IReadOnlyList<AccountResponse>>;
