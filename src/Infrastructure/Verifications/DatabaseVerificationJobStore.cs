using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Verifications;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Verifications;

/// <summary>
/// <see cref="IVerificationJobStore"/> on the <c>verification_jobs</c> table. Each call works in a
/// database context of its own (the worker runs outside any request). A claim, a renewal, an end
/// and a takeover are each one conditional <c>UPDATE ... WHERE</c> whose row count says whether it
/// happened: SQLite and SQL Server both run such a statement atomically, so of two instances
/// claiming one job exactly one gets the row.
/// </summary>
internal sealed class DatabaseVerificationJobStore(
    IServiceScopeFactory scopes,
    IOptions<VerificationOptions> options,
    TimeProvider clock) : IVerificationJobStore
{
    // The estimate's bounds, and its guess of a job's length before any has ended.
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultJobLength = TimeSpan.FromSeconds(5);
    private const int RecentJobs = 20;
    private const int ClaimCandidates = 8;

    private static readonly string Queued = VerificationNames.Of(VerificationJobStatus.Queued);
    private static readonly string Running = VerificationNames.Of(VerificationJobStatus.Running);
    private static readonly string Succeeded = VerificationNames.Of(VerificationJobStatus.Succeeded);
    private static readonly string Failed = VerificationNames.Of(VerificationJobStatus.Failed);

    public async Task<VerificationJob> EnqueueAsync(NewVerificationJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var limits = options.Value;

        // Counted, then inserted: instances enqueueing at the same moment may each pass the count,
        // so a cap may be passed by as many jobs as there are concurrent enqueues (bounded by the
        // write limits), never without bound.
        var queued = await db.VerificationJobs.CountAsync(j => j.Status == Queued, cancellationToken).ConfigureAwait(false);
        if (queued >= limits.MaxQueued)
        {
            throw new VerificationQueueFullException(await EstimateAsync(db, queued, cancellationToken).ConfigureAwait(false));
        }

        var callers = await db.VerificationJobs
            .CountAsync(j => j.CallerId == job.CallerId && (j.Status == Queued || j.Status == Running), cancellationToken).ConfigureAwait(false);
        if (callers >= limits.MaxQueuedPerClient)
        {
            throw new TooManyQueuedVerificationsException(limits.MaxQueuedPerClient,
                await EstimateAsync(db, queued, cancellationToken).ConfigureAwait(false));
        }

        var record = new VerificationJobRecord
        {
            Id = job.Id,
            Kind = VerificationNames.Of(job.Kind),
            Status = Queued,
            AccountId = job.AccountId,
            Request = job.Request,
            SealedPassword = job.SealedPassword,
            CallerAddress = Bounded(job.CallerAddress, LoginFailure.ClientMaxLength),
            CallerId = Bounded(job.CallerId, AuditActor.MaxLength),
            Actor = Bounded(job.Actor.Id, AuditActor.MaxLength),
            TraceId = job.Actor.TraceId is { } trace ? Bounded(trace, AuditActor.MaxLength) : null,
            CreatedAt = Microseconds(job.CreatedAt),
        };
        db.VerificationJobs.Add(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return ToJob(record);
    }

    public async Task<VerificationJob?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var record = await db.VerificationJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken).ConfigureAwait(false);
        // Ended more than a day ago: gone, whether or not the sweep has removed it yet.
        return record is null || record.FinishedAt < clock.GetUtcNow().UtcDateTime - VerificationJob.KeptFor ? null : ToJob(record);
    }

    public async Task<TimeSpan> EstimateWaitAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var pending = await db.VerificationJobs.CountAsync(j => j.Status == Queued || j.Status == Running, cancellationToken).ConfigureAwait(false);
        return await EstimateAsync(db, pending, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ClaimedVerificationJob?> TryClaimAsync(
        string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var at = Microseconds(now);
        var until = Microseconds(leaseUntil);
        var candidates = await Claimable(db.VerificationJobs.AsNoTracking(), at, maxAttempts)
            .OrderBy(j => j.CreatedAt)
            .Select(j => j.Id)
            .Take(ClaimCandidates)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in candidates)
        {
            // The claim: the row is ours only if it is still claimable as the statement runs.
            var claimed = await db.BulkWriteAsync(
                token => Claimable(db.VerificationJobs.Where(j => j.Id == id), at, maxAttempts).ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseUntil, until)
                    .SetProperty(j => j.StartedAt, at)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), token),
                cancellationToken).ConfigureAwait(false);
            if (claimed != 1)
            {
                continue;
            }

            var record = await db.VerificationJobs.AsNoTracking()
                .FirstOrDefaultAsync(j => j.Id == id && j.LeaseOwner == owner, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                return new ClaimedVerificationJob(
                    record.Id,
                    VerificationNames.KindOf(record.Kind),
                    record.AccountId,
                    record.Request,
                    record.SealedPassword,
                    record.CallerAddress,
                    record.CallerId,
                    new AuditActor(record.Actor, record.TraceId),
                    record.Attempts);
            }
        }

        return null;
    }

    public async Task<bool> RenewAsync(string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var until = Microseconds(leaseUntil);
        return await db.BulkWriteAsync(
            token => Held(db, id, owner).ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseUntil, until), token),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> FinishAsync(string id, string owner, VerificationOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        return await End(db, Held(db, id, owner), outcome, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        await db.BulkWriteAsync(
            token => Held(db, id, owner).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, Queued)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTime?)null)
                .SetProperty(j => j.StartedAt, (DateTime?)null)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1), token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> FindAbandonedAsync(DateTimeOffset now, int maxAttempts, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var at = Microseconds(now);
        return await Abandoned(db.VerificationJobs.AsNoTracking(), at, maxAttempts)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> FailAbandonedAsync(string id, DateTimeOffset now, VerificationOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var at = Microseconds(now);
        return await End(db, Abandoned(db.VerificationJobs.Where(j => j.Id == id), at, options.Value.MaxAttempts), outcome, now, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> FindStaleAsync(DateTimeOffset queuedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var before = Microseconds(queuedBefore);
        return await db.VerificationJobs.AsNoTracking()
            .Where(j => j.Status == Queued && j.CreatedAt < before)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ExpireAsync(string id, DateTimeOffset now, VerificationOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        return await End(db, db.VerificationJobs.Where(j => j.Id == id && j.Status == Queued), outcome, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> SweepAsync(DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var before = Microseconds(endedBefore);
        var ids = await db.VerificationJobs.AsNoTracking()
            .Where(j => j.FinishedAt != null && j.FinishedAt < before)
            .OrderBy(j => j.FinishedAt).Select(j => j.Id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return 0;
        }

        return await db.BulkWriteAsync(
            token => db.VerificationJobs.Where(j => ids.Contains(j.Id) && j.FinishedAt != null).ExecuteDeleteAsync(token),
            cancellationToken).ConfigureAwait(false);
    }

    private static AccountRegistryDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();

    private static IQueryable<VerificationJobRecord> Claimable(IQueryable<VerificationJobRecord> jobs, DateTime now, int maxAttempts) =>
        jobs.Where(j => j.Status == Queued || (j.Status == Running && j.LeaseUntil < now && j.Attempts < maxAttempts));

    private static IQueryable<VerificationJobRecord> Abandoned(IQueryable<VerificationJobRecord> jobs, DateTime now, int maxAttempts) =>
        jobs.Where(j => j.Status == Running && j.LeaseUntil < now && j.Attempts >= maxAttempts);

    private static IQueryable<VerificationJobRecord> Held(AccountRegistryDbContext db, string id, string owner) =>
        db.VerificationJobs.Where(j => j.Id == id && j.Status == Running && j.LeaseOwner == owner);

    // The end of a job, whatever it was: its result, and its password gone, in one statement.
    private static async Task<bool> End(
        AccountRegistryDbContext db, IQueryable<VerificationJobRecord> job, VerificationOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = outcome.Succeeded ? Succeeded : Failed;
        var body = outcome.Body is { Length: > VerificationJobRecord.ResultBodyMaxLength } ? null : outcome.Body;
        var at = Microseconds(now);
        return await db.BulkWriteAsync(
            token => job.ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.ResultStatus, outcome.StatusCode)
                .SetProperty(j => j.ResultBody, body)
                .SetProperty(j => j.AccountId, j => outcome.AccountId ?? j.AccountId)
                .SetProperty(j => j.SealedPassword, (string?)null)
                .SetProperty(j => j.FinishedAt, at)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTime?)null), token),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<TimeSpan> EstimateAsync(AccountRegistryDbContext db, int pending, CancellationToken cancellationToken)
    {
        var recent = await db.VerificationJobs.AsNoTracking()
            .Where(j => j.FinishedAt != null && j.StartedAt != null)
            .OrderByDescending(j => j.FinishedAt)
            .Select(j => new { Started = j.StartedAt!.Value, Finished = j.FinishedAt!.Value })
            .Take(RecentJobs)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var length = recent.Count == 0 ? DefaultJobLength : TimeSpan.FromTicks((long)recent.Average(j => (j.Finished - j.Started).Ticks));
        var workers = Math.Max(1, options.Value.Workers);
        var rounds = (pending / workers) + 1;
        var wait = length * rounds;
        return wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
    }

    private static VerificationJob ToJob(VerificationJobRecord record) => new(
        record.Id,
        VerificationNames.KindOf(record.Kind),
        VerificationNames.StatusOf(record.Status),
        record.AccountId,
        new DateTimeOffset(record.CreatedAt, TimeSpan.Zero),
        record.StartedAt is { } started ? new DateTimeOffset(started, TimeSpan.Zero) : null,
        record.FinishedAt is { } finished ? new DateTimeOffset(finished, TimeSpan.Zero) : null,
        record.ResultStatus,
        record.ResultBody);

    private static string Bounded(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];

    // Whole microseconds, the columns' precision on both providers.
    private static DateTime Microseconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
