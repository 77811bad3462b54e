using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// The registry's database. Each provider has a subclass, so that each keeps its own migrations
/// (SQL Server and SQLite types and scripts differ) over one model. Every write goes through the
/// database's write gate here (<see cref="DatabaseWriteGate"/>): <c>SaveChanges</c> takes it, and
/// a bulk write (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) runs in <see cref="BulkWriteAsync"/>.
/// </summary>
public abstract class AccountRegistryDbContext(DbContextOptions options) : DbContext(options)
{
    private readonly DatabaseWriteGate _writes = options.WriteGate();

    public DbSet<Account> Accounts => Set<Account>();

    internal DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();

    internal DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<AccountEvent> AccountEvents => Set<AccountEvent>();

    internal DbSet<VerificationJobRecord> VerificationJobs => Set<VerificationJobRecord>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // Audit events are stored by SaveChangesAsync alone; a synchronous save would drop them.
        if (ChangeTracker.Entries<Account>().Any(entry => entry.Entity.PendingEvents.Count > 0))
        {
            throw new InvalidOperationException("An account with audit events is saved with SaveChangesAsync.");
        }

        using var turn = _writes.Enter();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await SaveWithEventsAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a bulk write (<c>ExecuteUpdateAsync</c> or <c>ExecuteDeleteAsync</c> on this context's
    /// sets) in the write gate, as <c>SaveChanges</c> runs: the one way the stores write in bulk.
    /// </summary>
    /// <returns>The rows written.</returns>
    internal async Task<int> BulkWriteAsync(Func<CancellationToken, Task<int>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await write(cancellationToken).ConfigureAwait(false);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AccountRegistryDbContext).Assembly);
    }

    /// <summary>
    /// Saves the changes and, in the same transaction, the audit events the changed accounts raised.
    /// A new account's events are written with it and then given its id, which only the database knows.
    /// The write gate is held by the caller.
    /// </summary>
    private async Task<int> SaveWithEventsAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var raising = ChangeTracker.Entries<Account>().Where(entry => entry.Entity.PendingEvents.Count > 0).ToList();
        if (raising.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }

        foreach (var entry in raising)
        {
            AccountEvents.AddRange(entry.Entity.PendingEvents);
        }

        var newAccounts = raising.Where(entry => entry.State == EntityState.Added).Select(entry => entry.Entity).ToList();
        int saved;
        if (newAccounts.Count == 0)
        {
            // One batch, which SaveChanges runs in a transaction of its own.
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Retried whole on a transient SQL Server fault: nothing is accepted until the commit.
            saved = await Database.CreateExecutionStrategy().ExecuteAsync(
                (Context: this, Accounts: newAccounts),
                static async (_, state, token) =>
                {
                    var db = state.Context;
                    await using var transaction = await db.Database.BeginTransactionAsync(token).ConfigureAwait(false);
                    var count = await db.SaveChangesWithoutEventsAsync(token).ConfigureAwait(false);
                    foreach (var account in state.Accounts)
                    {
                        // Until the changes are accepted, the ids the database gave are in the entries only.
                        var accountId = db.Entry(account).Property(a => a.Id).CurrentValue;
                        // One plain statement per event (a registration raises one): a LINQ bulk
                        // update is built and looked up anew on every call, in the write gate's turn.
                        foreach (var pending in account.PendingEvents)
                        {
                            var eventId = db.Entry(pending).Property(e => e.Id).CurrentValue;
                            await db.Database
                                .ExecuteSqlAsync($"UPDATE account_events SET account_id = {accountId} WHERE id = {eventId}", token)
                                .ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync(token).ConfigureAwait(false);
                    return count;
                },
                verifySucceeded: null,
                cancellationToken).ConfigureAwait(false);
            foreach (var account in newAccounts)
            {
                var accountId = Entry(account).Property(a => a.Id).CurrentValue;
                foreach (var pending in account.PendingEvents)
                {
                    Entry(pending).Property(e => e.AccountId).CurrentValue = accountId;
                }
            }

            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }
        }

        foreach (var entry in raising)
        {
            entry.Entity.ClearPendingEvents();
        }

        return saved;
    }

    private Task<int> SaveChangesWithoutEventsAsync(CancellationToken cancellationToken) =>
        base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
}

/// <summary>The embedded default: a SQLite file in the data folder.</summary>
public sealed class SqliteAccountRegistryDbContext(DbContextOptions<SqliteAccountRegistryDbContext> options)
    : AccountRegistryDbContext(options);

/// <summary>Production: SQL Server, shared by every instance of the service.</summary>
public sealed class SqlServerAccountRegistryDbContext(DbContextOptions<SqlServerAccountRegistryDbContext> options)
    : AccountRegistryDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Idempotency keys are compared byte for byte, as SQLite does: under SQL Server's default
        // case-insensitive collation, "Key-1" and "key-1" from two clients would be one key.
        modelBuilder.Entity<Records.IdempotencyRecord>().Property(r => r.Key).UseCollation("Latin1_General_100_BIN2");
        // So are job ids (URL-safe base64, where case matters).
        modelBuilder.Entity<Records.VerificationJobRecord>().Property(j => j.Id).UseCollation("Latin1_General_100_BIN2");
    }
}
