using System.Globalization;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>The caller has as many verifications queued or running as it may (HTTP 429, with Retry-After).</summary>
public sealed class TooManyQueuedVerificationsException(int limit, TimeSpan retryAfter)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"Too many verifications of this client are queued or running (at most {limit}); wait for one to end"))
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
