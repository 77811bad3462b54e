using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>A database that cannot be written: 503, nothing half-stored, and recovery on its own.</summary>
public sealed class DatabaseOutageTests
{
    private const string UnavailableBody = """{"detail":"Database unavailable; try again later","code":"database_unavailable"}""";

    [TestCase(null)]
    [TestCase("key-while-locked")]
    public async Task ALockedDatabase_Gets503_StoresNothing_AndTheServiceRecoversWhenItIsReleased(string? idempotencyKey)
    {
        await using var factory = new AccountRegistryFactory();
        // Writers give up after 2 s of waiting for the lock instead of 30.
        await using var configured = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AccountRegistry"] = $"Data Source={factory.DatabasePath};Default Timeout=2",
        });
        using var client = configured.CreateClient();

        await using (await HoldWriteLockAsync(factory.DatabasePath))
        {
            // With a key, the key's claim is the first write, and it fails: the same 503.
            using var during = await PostAsync(client, 5200001, idempotencyKey);
            await AssertUnavailableAsync(during);
        }

        using var after = await PostAsync(client, 5200001, idempotencyKey);

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same registration goes through once the lock is gone (and no claim was left behind)");
        Assert.That(await configured.CountAccountsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AnUnwritableDatabaseFile_Gets503_StoresNothing_AndTheServiceRecoversWhenItIsWritableAgain()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        using (var first = await PostAsync(client, 5200021, null))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using (UnwritableFiles.Make(factory.DatabasePath, factory.DatabasePath + "-wal", factory.DataDirectory))
        {
            using var plain = await PostAsync(client, 5200022, null);
            using var keyed = await PostAsync(client, 5200023, "key-while-unwritable");
            using var read = await client.GetAsync(Requests.AccountsPath);

            await AssertUnavailableAsync(plain);
            await AssertUnavailableAsync(keyed);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads still work");
        }

        using var plainAgain = await PostAsync(client, 5200022, null);
        using var keyedAgain = await PostAsync(client, 5200023, "key-while-unwritable");

        Assert.That(new[] { plainAgain.StatusCode, keyedAgain.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(3));
        Assert.That(factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains(TestAccounts.AnyLoginPassword),
            "the database faults were logged with their exceptions, and no password with them");
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "the 503 estimate");
            Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo(UnavailableBody));
        }
    }

    // Another connection (not pooled, so disposing it closes it) takes the write lock until disposed.
    private static async Task<SqliteConnection> HoldWriteLockAsync(string databasePath)
    {
        var holder = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await holder.OpenAsync();
        await using var exclusive = holder.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE;";
        await exclusive.ExecuteNonQueryAsync();
        return holder;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, long login, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
        {
            Content = new StringContent(Requests.ForLogin(login).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    [Test]
    public async Task AReadOnlyDatabase_Gets503_OnRegistration_WhileReadsStillWork()
    {
        await using var writable = new AccountRegistryFactory();
        using (var client = writable.CreateClient())
        using (var created = await client.PostJsonAsync(Requests.ForLogin(5200002)))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await using var readOnly = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AccountRegistry"] = $"Data Source={writable.DatabasePath};Mode=ReadOnly",
        });
        using var reader = readOnly.CreateClient();

        using var write = await reader.PostJsonAsync(Requests.ForLogin(5200003));
        using var read = await reader.GetAsync(Requests.AccountsPath);

        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await read.ReadJsonAsync()).AsArray(), Has.Count.EqualTo(1));
    }
}
