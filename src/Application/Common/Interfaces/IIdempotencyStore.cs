namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// Remembers, for 24 hours, the response each Idempotency-Key got, so that a client retrying a
/// registration whose response it lost gets that response again instead of a 409 about its own
/// account. Durable and shared by every instance. The body is kept only as a keyed hash.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key for this body, or says what became of an earlier claim.</summary>
    Task<IdempotencyClaim> ClaimAsync(string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Stores the response of a claimed key, unless the claim was taken over meanwhile.</summary>
    Task CompleteAsync(string key, IdempotencyClaim.Claimed claim, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Gives a claimed key up, so that a retry runs afresh (after a 5xx, say); a claim
    /// taken over meanwhile is left to its new holder.</summary>
    Task ReleaseAsync(string key, IdempotencyClaim.Claimed claim, CancellationToken cancellationToken);
}

/// <summary>A response kept for replay.</summary>
public sealed record StoredResponse(int Status, string Body, string? Location);

/// <summary>What <see cref="IIdempotencyStore.ClaimAsync"/> found.</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim()
    {
    }

    /// <summary>The key is new (or its earlier claim was abandoned): run the request, then complete
    /// or release it. <paramref name="ClaimedAt"/> tells this claim from a later takeover.</summary>
    public sealed record Claimed(DateTime ClaimedAt) : IdempotencyClaim;

    /// <summary>The same key and body already got this response.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The same key and body are being handled by another request right now.</summary>
    public sealed record InProgress : IdempotencyClaim;

    /// <summary>The key was used with a different body.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}
