using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// The registry's database. Each provider has a subclass, so that each keeps its own migrations
/// (SQL Server and SQLite types and scripts differ) over one model.
/// </summary>
public abstract class AccountRegistryDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    internal DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();

    internal DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

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
