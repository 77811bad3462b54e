using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>A database that cannot be written: 503, nothing half-stored, and recovery on its own.</summary>
public sealed class DatabaseOutageTests
{
    [Test]
    public async Task ALockedDatabase_Gets503_StoresNothing_AndTheServiceRecoversWhenItIsReleased()
    {
        await using var factory = new AccountRegistryFactory();
        // Writers give up after 2 s of waiting for the lock instead of 30.
        await using var configured = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AccountRegistry"] = $"Data Source={factory.DatabasePath};Default Timeout=2",
        });
        using var client = configured.CreateClient();

        await using (var holder = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await holder.OpenAsync();
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();

            using var during = await client.PostJsonAsync(Requests.ForLogin(5200001));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(during.Headers.RetryAfter, Is.Not.Null);
                Assert.That((await during.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Database unavailable; try again later"}"""));
            }

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        using var after = await client.PostJsonAsync(Requests.ForLogin(5200001));

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same registration goes through once the lock is gone");
        Assert.That(await configured.CountAccountsAsync(), Is.EqualTo(1));
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
