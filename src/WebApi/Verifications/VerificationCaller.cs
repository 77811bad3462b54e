using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// The caller a verification job runs as: the one that queued it, as the job row keeps it (its
/// address for the lockout, its id, its audit actor with the queuing request's trace id). Set on a
/// worker's scope; outside a job (every HTTP request) it is unset and the request's caller counts.
/// </summary>
internal sealed class VerificationCaller
{
    public ICaller? Caller { get; set; }
}

/// <summary>A caller as a job row keeps it.</summary>
internal sealed record StoredCaller(string Address, string Id, AuditActor Actor) : ICaller;
