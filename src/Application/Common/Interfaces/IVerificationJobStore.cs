using AccountRegistry.Application.Verifications;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// The verification jobs, durable and shared by every instance on the database: each job is run by
/// one instance at a time, which holds it by a lease it renews; a job whose lease ran out (its
/// instance died) is claimed again by any instance. Every change is one conditional statement, so
/// two instances never both think they hold a job.
/// </summary>
public interface IVerificationJobStore
{
    /// <summary>
    /// Stores a queued job. Throws <see cref="Exceptions.VerificationQueueFullException"/> when the
    /// queue is full, and <see cref="Exceptions.TooManyQueuedVerificationsException"/> when the caller
    /// has too many jobs waiting or running.
    /// </summary>
    Task<VerificationJob> EnqueueAsync(NewVerificationJob job, CancellationToken cancellationToken);

    /// <summary>The job, or null when there is none with this id (or it has expired).</summary>
    Task<VerificationJob?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// About how long the jobs queued and running now take to end: a client's polling hint and a full
    /// queue's Retry-After. From the queue's length, this instance's workers and how long recent jobs took.
    /// </summary>
    Task<TimeSpan> EstimateWaitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest job that is queued, or running under a lease that has run out, for
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/>; null when there is none. A job
    /// whose lease ran out after <paramref name="maxAttempts"/> claims is left for
    /// <see cref="FindAbandonedAsync"/>.
    /// </summary>
    Task<ClaimedVerificationJob?> TryClaimAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when the job is no longer this owner's.</summary>
    Task<bool> RenewAsync(string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a job this owner holds with its outcome, and erases its sealed password, in one statement;
    /// false when the job is no longer this owner's.
    /// </summary>
    Task<bool> FinishAsync(string id, string owner, VerificationOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a job this owner holds back in the queue (the instance is stopping): its claim does not count as an attempt.</summary>
    Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Jobs whose lease ran out after <paramref name="maxAttempts"/> claims: at most <paramref name="limit"/> ids.</summary>
    Task<IReadOnlyList<string>> FindAbandonedAsync(DateTimeOffset now, int maxAttempts, int limit, CancellationToken cancellationToken);

    /// <summary>Ends an abandoned job with <paramref name="outcome"/> (its password erased), unless another instance got to it first.</summary>
    Task<bool> FailAbandonedAsync(string id, DateTimeOffset now, VerificationOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Jobs still queued that were queued before <paramref name="queuedBefore"/>: at most <paramref name="limit"/> ids.</summary>
    Task<IReadOnlyList<string>> FindStaleAsync(DateTimeOffset queuedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Ends a job still queued with <paramref name="outcome"/> (its password erased), unless it was claimed meanwhile.</summary>
    Task<bool> ExpireAsync(string id, DateTimeOffset now, VerificationOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Removes at most <paramref name="limit"/> jobs that ended before <paramref name="endedBefore"/>; the count removed.</summary>
    Task<int> SweepAsync(DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken);
}
