namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>Too many verifications are queued on the service (HTTP 503, with Retry-After).</summary>
public sealed class VerificationQueueFullException(TimeSpan retryAfter)
    : Exception("Too many verifications are queued; try again later")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
