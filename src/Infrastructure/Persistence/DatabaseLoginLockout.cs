using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// <see cref="ILoginLockout"/> on the <c>login_failures</c> table: a login is locked out while
/// <c>Lockout:MaxFailures</c> of its rejections fall within the last <c>Lockout:WindowMinutes</c>.
/// </summary>
internal sealed class DatabaseLoginLockout(
    AccountRegistryDbContext db, DatabaseWriteGate writes, IOptions<LockoutOptions> options, TimeProvider clock) : ILoginLockout
{
    // Compiled once, as the register path runs them for every request (see AccountRepository).
    private static readonly Func<AccountRegistryDbContext, long, DateTime, int, IAsyncEnumerable<DateTime>> RecentQuery =
        EF.CompileAsyncQuery<AccountRegistryDbContext, long, DateTime, int, DateTime>((context, login, since, max) =>
            context.LoginFailures.AsNoTracking()
                .Where(f => f.Login == login && f.FailedAt > since)
                .OrderByDescending(f => f.FailedAt)
                .Select(f => f.FailedAt)
                .Take(max));

    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<bool>> AnyQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, CancellationToken _) => context.LoginFailures.Any(f => f.Login == login));

    // Logins this request found with no recent rejection: nothing to reset for them.
    private readonly HashSet<long> _clean = [];

    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.WindowMinutes);

    public async Task<TimeSpan?> LockedOutForAsync(long login, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;
        var max = options.Value.MaxFailures;
        var recent = new List<DateTime>(max);
        await foreach (var failedAt in RecentQuery(db, login, since, max).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            recent.Add(failedAt);
        }

        if (recent.Count == 0)
        {
            _clean.Add(login);
        }

        // Locked until the oldest of the last MaxFailures rejections leaves the window.
        return recent.Count < max ? null : recent[^1] + Window - now;
    }

    public async Task RecordRejectionAsync(long login, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now - Window;
        using var turn = await writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        await db.LoginFailures.Where(f => f.Login == login && f.FailedAt <= expired)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.LoginFailures.Add(new LoginFailure { Login = login, FailedAt = now });
        _clean.Remove(login);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(long login, CancellationToken cancellationToken)
    {
        // Almost every login has nothing to reset: a read costs no write lock; a delete would.
        if (!_clean.Contains(login) && await AnyQuery(db, login, cancellationToken).ConfigureAwait(false))
        {
            using var turn = await writes.EnterAsync(cancellationToken).ConfigureAwait(false);
            await db.LoginFailures.Where(f => f.Login == login).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
