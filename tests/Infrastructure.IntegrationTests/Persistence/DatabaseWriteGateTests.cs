using System.Security.Cryptography;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The SQLite write gate, as the service wires it: the stores never take it by hand, yet every one
/// of their writes (SaveChanges, and bulk updates and deletes) waits in it for the writer before.
/// </summary>
[TestFixture]
public sealed class DatabaseWriteGateTests
{
    // How long a SQLite command may wait for another connection's write lock before SQLITE_BUSY.
    private const int BusyTimeoutSeconds = 1;

    private TempDirectory _temp = null!;
    private string _file = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDirectory();
        _file = _temp.Combine("account-registry.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AccountRegistry"] = $"Data Source={_file};Default Timeout={BusyTimeoutSeconds}",
            ["Database:DataDirectory"] = _temp.Path,
            ["Encryption:Keys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Encryption:ActiveKeyId"] = "k1",
            ["Mt5:Gateway"] = "Sandbox",
        }).Build();
        var environment = new FakeHostEnvironment(Environments.Production, _temp.Path);
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddInfrastructure(configuration, environment);
        _services = services.BuildServiceProvider();
        await _services.InitializeDatabaseAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private async Task InScopeAsync(Func<IServiceProvider, Task> write)
    {
        await using var scope = _services.CreateAsyncScope();
        await write(scope.ServiceProvider);
    }

    private Task<long> CountAsync(string sql) => SqliteDatabase.ScalarAsync($"Data Source={_file}", sql);

    // The writes below run no compiled query: those are bound to the model of the contexts the other
    // tests build by hand, and this context's options (AddInfrastructure's) make a model of their own.
    [Test]
    public async Task TheStoresWrites_WaitInTheGateForTheWriterBefore_InsteadOfFailingWithSqliteBusy()
    {
        var idempotency = _services.GetRequiredService<IIdempotencyStore>();
        var claimed = (IdempotencyClaim.Claimed)await idempotency.ClaimAsync("key-1", "{}"u8.ToArray(), CancellationToken.None);

        // Another writer of this process has its turn, and holds SQLite's write lock for longer
        // than a command waits for it.
        var turn = await _services.GetRequiredService<DatabaseWriteGate>().EnterAsync(CancellationToken.None);
        await using var writer = new SqliteConnection($"Data Source={_file}");
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var writes = Task.WhenAll(
            // SaveChanges.
            InScopeAsync(s => s.GetRequiredService<IAccountRepository>().AddAsync(TestAccounts.Create(1001), CancellationToken.None)),
            // A bulk delete, then SaveChanges.
            InScopeAsync(s => s.GetRequiredService<ILoginLockout>().RecordRejectionAsync(1001, "203.0.113.7", CancellationToken.None)),
            idempotency.ClaimAsync("key-2", "{}"u8.ToArray(), CancellationToken.None),
            // A bulk update alone.
            idempotency.CompleteAsync("key-1", claimed, new StoredResponse(201, "{}", null), CancellationToken.None));

        // Well past the busy timeout, no write has failed (nor finished): each waits for its turn.
        var first = await Task.WhenAny(writes, Task.Delay(TimeSpan.FromSeconds(BusyTimeoutSeconds * 3)));
        Assert.That(first, Is.Not.SameAs(writes), () => $"a write did not wait for its turn: {writes.Exception}");

        await using (var commit = writer.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        turn.Dispose();
        await writes.WaitAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CountAsync("SELECT COUNT(*) FROM accounts"), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM login_failures"), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM idempotency_records"), Is.EqualTo(2));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM idempotency_records WHERE status = 201"), Is.EqualTo(1));
        }
    }
}
