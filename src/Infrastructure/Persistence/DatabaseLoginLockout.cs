using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// <see cref="ILoginLockout"/> on the <c>login_failures</c> table. A client is locked out of a
/// login while <c>Lockout:MaxFailures</c> of its rejections for that login fall within the last
/// <c>Lockout:WindowMinutes</c>; everyone is, while <c>Lockout:MaxFailuresPerLogin</c> of the
/// login's rejections from all clients do. Each check reads one timestamp, whatever the limits.
/// </summary>
internal sealed class DatabaseLoginLockout(
    AccountRegistryDbContext db, IOptions<LockoutOptions> options, TimeProvider clock) : ILoginLockout
{
    // Compiled once, as the register path runs them for every request (see AccountRepository).
    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<bool>> AnyQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, CancellationToken _) => context.LoginFailures.Any(f => f.Login == login));

    // The n-th newest rejection in the window (n = the limit): when there is one, the limit is
    // reached, and the lock lasts until it leaves the window.
    private static readonly Func<AccountRegistryDbContext, long, DateTime, int, CancellationToken, Task<DateTime?>> NthOfLoginQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, DateTime since, int skip, CancellationToken _) =>
            context.LoginFailures
                .Where(f => f.Login == login && f.FailedAt > since)
                .OrderByDescending(f => f.FailedAt)
                .Select(f => (DateTime?)f.FailedAt)
                .Skip(skip)
                .FirstOrDefault());

    private static readonly Func<AccountRegistryDbContext, long, string, DateTime, int, CancellationToken, Task<DateTime?>> NthOfClientQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, string client, DateTime since, int skip, CancellationToken _) =>
            context.LoginFailures
                .Where(f => f.Login == login && f.Client == client && f.FailedAt > since)
                .OrderByDescending(f => f.FailedAt)
                .Select(f => (DateTime?)f.FailedAt)
                .Skip(skip)
                .FirstOrDefault());

    // Logins this request found with no rejection at all: nothing to reset for them.
    private readonly HashSet<long> _clean = [];

    private LockoutOptions Settings => options.Value;

    private TimeSpan Window => TimeSpan.FromMinutes(Settings.WindowMinutes);

    public async Task<TimeSpan?> LockedOutForAsync(long login, string client, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled)
        {
            return null;
        }

        // Almost every login has no rejection at all: one indexed read, and done.
        if (!await AnyQuery(db, login, cancellationToken).ConfigureAwait(false))
        {
            _clean.Add(login);
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;
        var byClient = await NthOfClientQuery(db, login, client, since, Settings.MaxFailures - 1, cancellationToken).ConfigureAwait(false);
        var byLogin = await NthOfLoginQuery(db, login, since, Settings.MaxFailuresPerLogin - 1, cancellationToken).ConfigureAwait(false);
        var until = Later(byClient, byLogin) + Window;
        return until > now ? until - now : null;
    }

    public async Task RecordRejectionAsync(long login, string client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!Settings.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now - Window;
        await db.BulkWriteAsync(
            token => db.LoginFailures.Where(f => f.Login == login && f.FailedAt <= expired).ExecuteDeleteAsync(token),
            cancellationToken).ConfigureAwait(false);
        db.LoginFailures.Add(new LoginFailure { Login = login, Client = Truncate(client), FailedAt = now });
        _clean.Remove(login);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(long login, string client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        // A read costs no write lock; a delete would. Others' rejections stand: the owner logging
        // in does not wipe a stranger's guesses from the login's count.
        if (!_clean.Contains(login) && await AnyQuery(db, login, cancellationToken).ConfigureAwait(false))
        {
            var key = Truncate(client);
            await db.BulkWriteAsync(
                token => db.LoginFailures.Where(f => f.Login == login && f.Client == key).ExecuteDeleteAsync(token),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTime Later(DateTime? a, DateTime? b) =>
        (a ?? DateTime.MinValue) > (b ?? DateTime.MinValue) ? a ?? DateTime.MinValue : b ?? DateTime.MinValue;

    private static string Truncate(string client) =>
        client.Length <= LoginFailure.ClientMaxLength ? client : client[..LoginFailure.ClientMaxLength];
}
