using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Persistence.Records;
using AccountRegistry.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Idempotency;

/// <summary>
/// <see cref="IIdempotencyStore"/> on the <c>idempotency_records</c> table. Each call works in a
/// database context of its own, apart from the request's: nothing the request left half-done is
/// ever saved along with a record.
/// </summary>
internal sealed class DatabaseIdempotencyStore(
    IServiceScopeFactory scopes,
    RequestFingerprinter fingerprinter,
    IOptions<Mt5Options> mt5,
    TimeProvider clock) : IIdempotencyStore
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    // A claim still without a response after this long belongs to a request that will never finish
    // (its process died): a retry takes it over instead of being told "in progress" for 24 h. It
    // is longer than a registration can take: its wait for a terminal install (at most
    // Mt5:QueueTimeoutSeconds) and its verification (at most Mt5:VerifyTimeoutSeconds), plus 5
    // minutes for everything else. Should a live request be overtaken all the same, its completion
    // and release leave the new claim alone.
    private TimeSpan InProgressLease =>
        TimeSpan.FromSeconds(mt5.Value.QueueTimeoutSeconds + mt5.Value.VerifyTimeoutSeconds) + TimeSpan.FromMinutes(5);

    public async Task<IdempotencyClaim> ClaimAsync(string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        // Whole microseconds, the column's precision on both providers: the claim's time is also its
        // token, compared for equality when the claim is completed or released.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var expired = now - Lifetime;
        if (await FindAsync(db, key, cancellationToken).ConfigureAwait(false) is { } earlier && earlier.CreatedAt > expired)
        {
            var judged = Judge(earlier, body.Span);
            if (judged is not IdempotencyClaim.InProgress || earlier.CreatedAt > now - InProgressLease)
            {
                return judged;
            }

            // Abandoned: take it over, unless another retry has just done so.
            var taken = await db.BulkWriteAsync(
                token => db.IdempotencyRecords
                    .Where(r => r.Key == key && r.Status == null && r.CreatedAt == earlier.CreatedAt)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, now), token),
                cancellationToken).ConfigureAwait(false);
            return taken == 1 ? new IdempotencyClaim.Claimed(now) : new IdempotencyClaim.InProgress();
        }

        await db.BulkWriteAsync(
            token => db.IdempotencyRecords.Where(r => r.CreatedAt <= expired).ExecuteDeleteAsync(token),
            cancellationToken).ConfigureAwait(false);
        db.IdempotencyRecords.Add(new IdempotencyRecord { Key = key, Fingerprint = fingerprinter.Create(body.Span), CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new IdempotencyClaim.Claimed(now);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another request claimed the key between our look and our insert.
            var winner = await FindAsync(db, key, cancellationToken).ConfigureAwait(false);
            return winner is null ? new IdempotencyClaim.InProgress() : Judge(winner, body.Span);
        }
    }

    public async Task CompleteAsync(string key, IdempotencyClaim.Claimed claim, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(response);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        await db.BulkWriteAsync(
            token => db.IdempotencyRecords.Where(r => r.Key == key && r.Status == null && r.CreatedAt == claim.ClaimedAt).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Status, response.Status)
                    .SetProperty(r => r.Body, response.Body)
                    .SetProperty(r => r.Location, response.Location),
                token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string key, IdempotencyClaim.Claimed claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        await db.BulkWriteAsync(
            token => db.IdempotencyRecords.Where(r => r.Key == key && r.Status == null && r.CreatedAt == claim.ClaimedAt).ExecuteDeleteAsync(token),
            cancellationToken).ConfigureAwait(false);
    }

    private static Task<IdempotencyRecord?> FindAsync(AccountRegistryDbContext db, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);

    private IdempotencyClaim Judge(IdempotencyRecord earlier, ReadOnlySpan<byte> body) =>
        !fingerprinter.Matches(earlier.Fingerprint, body) ? new IdempotencyClaim.Mismatch()
        : earlier.Status is { } status ? new IdempotencyClaim.Replay(new StoredResponse(status, earlier.Body ?? string.Empty, earlier.Location))
        : new IdempotencyClaim.InProgress();
}
