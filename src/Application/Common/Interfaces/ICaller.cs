using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>Who sent the request being handled, as far as the service can tell.</summary>
public interface ICaller
{
    /// <summary>
    /// The client's address, as the rate limits count it: an IPv4 address, or an IPv6 client's
    /// /64. Failures and limits are counted per address, so one client cannot lock out another.
    /// </summary>
    string Address { get; }

    /// <summary>
    /// The caller's identity for anything kept on its behalf (idempotency keys): its address, and
    /// its API key's id too when API keys are configured (one key may serve many users).
    /// </summary>
    string Id { get; }

    /// <summary>The caller and the request's trace id, as the audit trail records who made a change.</summary>
    AuditActor Actor { get; }
}
