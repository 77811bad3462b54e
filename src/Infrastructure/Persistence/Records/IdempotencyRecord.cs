namespace AccountRegistry.Infrastructure.Persistence.Records;

/// <summary>
/// A registration request's Idempotency-Key and the response it got (table
/// <c>idempotency_records</c>). Holds a keyed hash of the body, never the body: the body carries
/// the password.
/// </summary>
internal sealed class IdempotencyRecord
{
    public string Key { get; set; } = string.Empty;

    /// <summary><c>{keyId}:{hex HMAC-SHA256 of the body}</c>.</summary>
    public string Fingerprint { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    /// <summary>Null while the first request is still running.</summary>
    public int? Status { get; set; }

    public string? Body { get; set; }

    public string? Location { get; set; }
}
