using Mediator;

namespace AccountRegistry.Application.Accounts.GetAccount;

/// <summary>GET /api/v1/accounts/{id}.</summary>
public sealed record GetAccountQuery(long Id) : IRequest<AccountResponse>;
