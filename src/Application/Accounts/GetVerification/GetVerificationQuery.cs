using Mediator;

namespace AccountRegistry.Application.Accounts.GetVerification;

/// <summary>GET /api/v1/accounts/{id}/verification: what the last check of the stored credentials found.</summary>
public sealed record GetVerificationQuery(long Id) : IRequest<VerificationResponse>;
