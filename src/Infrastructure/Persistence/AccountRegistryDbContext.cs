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

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var turn = _writes.Enter();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
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
    }
}
