namespace AccountRegistry.Domain.Accounts;

/// <summary>Who asked for a change, as the audit trail records it: the caller and the request.</summary>
/// <param name="Id">The caller: its API key's id and its address, or a maintenance command's name.</param>
/// <param name="TraceId">The request's trace id, as the service's logs give it; null outside a request.</param>
public sealed record AuditActor(string Id, string? TraceId = null)
{
    /// <summary>The longest caller or trace id kept.</summary>
    public const int MaxLength = 200;
}
