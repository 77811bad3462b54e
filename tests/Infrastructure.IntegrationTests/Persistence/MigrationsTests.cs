using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

[TestFixture]
public sealed class MigrationsTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static SqlServerAccountRegistryDbContext CreateSqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAccountRegistryDbContext>().UseSqlServer("Server=none;Database=x").Options);

    private static ServiceProvider BuildSqliteServices(string path)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AccountRegistryDbContext, SqliteAccountRegistryDbContext>(o => o.UseSqlite($"Data Source={path}"));
        return services.BuildServiceProvider();
    }

    private static async Task<string?> QueryStringAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only SQL written by the tests themselves.
        command.CommandText = sql;
#pragma warning restore CA2100
        return (string?)await command.ExecuteScalarAsync(CancellationToken.None);
    }

    [Test]
    public async Task SqliteMigrations_MatchTheModel()
    {
        await using var context = SqliteDatabase.CreateContext(SqliteDatabase.ConnectionString(_temp.Combine("model.db")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(context.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(context.Database.HasPendingModelChanges(), Is.False);
        }
    }

    [Test]
    public async Task SqlServerMigrations_MatchTheModel()
    {
        await using var context = CreateSqlServerContext();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(context.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(context.Database.HasPendingModelChanges(), Is.False);
        }
    }

    [Test]
    public async Task EachProvider_HasItsOwnMigrations()
    {
        await using var sqlite = SqliteDatabase.CreateContext(SqliteDatabase.ConnectionString(_temp.Combine("model.db")));
        await using var sqlServer = CreateSqlServerContext();

        var sqliteAssembly = sqlite.GetService<IMigrationsAssembly>();
        var sqlServerAssembly = sqlServer.GetService<IMigrationsAssembly>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sqliteAssembly.Migrations.Values.Select(t => t.Namespace), Is.All.EndsWith(".Migrations.Sqlite"));
            Assert.That(sqlServerAssembly.Migrations.Values.Select(t => t.Namespace), Is.All.EndsWith(".Migrations.SqlServer"));
        }
    }

    [Test]
    public async Task SqlServerScript_CreatesAccountsTableWithSnakeCaseColumnsAndUniqueLoginIndex()
    {
        await using var context = CreateSqlServerContext();

        var script = context.GetService<IMigrator>().GenerateScript();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(script, Does.Contain("CREATE TABLE [accounts]"));
            Assert.That(script, Does.Contain("[id] bigint NOT NULL IDENTITY"));
            Assert.That(script, Does.Contain("[login] bigint NOT NULL"));
            Assert.That(script, Does.Contain("[password_encrypted] varchar(800) NOT NULL"));
            Assert.That(script, Does.Contain("[allowed_symbols] nvarchar(max) NOT NULL"));
            Assert.That(script, Does.Contain("[max_lot_size] decimal(18,8) NOT NULL"));
            Assert.That(script, Does.Contain("[risk_pct] decimal(18,8) NOT NULL"));
            Assert.That(script, Does.Contain("[account_type] nvarchar(3) NOT NULL"));
            Assert.That(script, Does.Contain("[created_at] datetime2(6) NOT NULL"));
            Assert.That(script, Does.Contain("CONSTRAINT [pk_accounts] PRIMARY KEY ([id])"));
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX [ux_accounts_login] ON [accounts] ([login])"));
            Assert.That(script, Does.Not.Contain("[Login]").And.Not.Contain("[PasswordEncrypted]").And.Not.Contain("[CreatedAt]"));
        }
    }

    [Test]
    public async Task SqlServerScript_ComparesIdempotencyKeysByteForByte_AsSqliteDoes()
    {
        await using var context = CreateSqlServerContext();

        var script = context.GetService<IMigrator>().GenerateScript();

        // The key column sits under the primary key, which SQL Server needs dropped while it changes.
        var dropKey = script.IndexOf("DROP CONSTRAINT [pk_idempotency_records]", StringComparison.Ordinal);
        var alter = script.IndexOf("ALTER COLUMN [idempotency_key] varchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL", StringComparison.Ordinal);
        var addKey = script.IndexOf("ADD CONSTRAINT [pk_idempotency_records] PRIMARY KEY ([idempotency_key])", StringComparison.Ordinal);
        Assert.That(new[] { dropKey, alter, addKey }, Is.All.GreaterThan(-1));
        Assert.That(new[] { dropKey, alter, addKey }, Is.Ordered);
    }

    [Test]
    public async Task InitializeDatabaseAsync_CreatesFileInMissingFolder_AndAppliesMigrations()
    {
        var path = _temp.Combine("not", "yet", "there", "account-registry.db");
        await using (var services = BuildSqliteServices(path))
        {
            await services.InitializeDatabaseAsync(CancellationToken.None);
        }

        Assert.That(File.Exists(path), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                await QueryStringAsync(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'accounts'"),
                Is.EqualTo("accounts"));
            Assert.That(
                await QueryStringAsync(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ux_accounts_login'"),
                Is.EqualTo("ux_accounts_login"));
            Assert.That(
                await QueryStringAsync(path, "SELECT MigrationId FROM __EFMigrationsHistory"),
                Does.EndWith("_InitialCreate"));
        }
    }

    [Test]
    public async Task InitializeDatabaseAsync_SwitchesSqliteFileToWal()
    {
        var path = _temp.Combine("data", "account-registry.db");
        await using (var services = BuildSqliteServices(path))
        {
            await services.InitializeDatabaseAsync(CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        Assert.That(await QueryStringAsync(path, "PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public async Task InitializeDatabaseAsync_IsIdempotent()
    {
        var path = _temp.Combine("data", "account-registry.db");
        await using var services = BuildSqliteServices(path);

        await services.InitializeDatabaseAsync(CancellationToken.None);
        await services.InitializeDatabaseAsync(CancellationToken.None);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await db.Database.GetPendingMigrationsAsync(CancellationToken.None), Is.Empty);
            Assert.That(
                await db.Database.GetAppliedMigrationsAsync(CancellationToken.None),
                Is.EqualTo(db.Database.GetMigrations()));
        }
    }
}
