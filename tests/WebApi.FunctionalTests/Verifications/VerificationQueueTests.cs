using System.Net;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static AccountRegistry.WebApi.FunctionalTests.Verifications.AsyncRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>
/// The queue in the database: the sealed password while queued and none after, its caps, the expiry
/// of ended jobs, and the takeover of a job whose instance died. A service with
/// <c>Verifications:Workers=0</c> queues; a second one on the same file runs.
/// </summary>
public sealed class VerificationQueueTests
{
    private static readonly Dictionary<string, string?> QueueOnly = new() { ["Verifications:Workers"] = "0" };

    [Test]
    public async Task AQueuedJob_HoldsItsPasswordSealed_NeverInPlainText_AndNoneOnceItEnded()
    {
        await using var queue = new AccountRegistryFactory(QueueOnly);
        using var client = queue.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.SpecExample()));
        var id = JobId(location);

        var sealedPassword = await SealedPasswordAsync(queue.Services, id);
        Assert.That(sealedPassword, Does.StartWith("job1:" + AccountRegistryFactory.EncryptionKeyId + ":"));
        // It opens for this job alone, to the password; never as an account's.
        var protector = queue.Services.GetRequiredService<IPasswordProtector>();
        Assert.That(protector.UnprotectForJob(sealedPassword!, id).Reveal(), Is.EqualTo(TestAccounts.DemoPassword));
        Assert.That(() => protector.UnprotectForJob(sealedPassword!, id[..^1] + (id[^1] == 'A' ? 'B' : 'A')),
            Throws.InstanceOf<System.Security.Cryptography.CryptographicException>());
        Assert.That(() => protector.Unprotect(new Domain.Accounts.EncryptedPassword(sealedPassword!), TestAccounts.DemoLogin, TestAccounts.DemoServer),
            Throws.InstanceOf<System.Security.Cryptography.CryptographicException>());
        SqliteConnection.ClearAllPools();
        Assert.That(DatabaseText(queue.DatabasePath), Does.Not.Contain(TestAccounts.DemoPassword));

        await using var worker = Runner(queue);
        using var workerClient = worker.CreateClient();
        var job = await EndedAsync(workerClient, location);

        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        Assert.That(await SealedPasswordAsync(queue.Services, id), Is.Null);
    }

    [Test]
    public async Task AFailedJob_KeepsNoPasswordEither()
    {
        await using var service = new AccountRegistryFactory();
        using var client = service.CreateClient();
        var request = Requests.SpecExample();
        request["password"] = "Wrong-Password-2";

        var location = await AcceptedJobAsync(await PostAccountAsync(client, request));
        var job = await EndedAsync(client, location);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(await SealedPasswordAsync(service.Services, JobId(location)), Is.Null);
    }

    [Test]
    public async Task PastMaxQueued_ANewJobIs503_WithRetryAfter()
    {
        await using var queue = new AccountRegistryFactory(new Dictionary<string, string?>(QueueOnly) { ["Verifications:MaxQueued"] = "2" });
        using var client = queue.CreateClient();
        await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560001)));
        await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560002)));

        using var full = await PostAccountAsync(client, Requests.ForLogin(5560003));

        Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(full.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That((await full.ReadJsonAsync())["detail"]!.GetValue<string>(), Is.EqualTo("Too many verifications are queued; try again later"));
        // The synchronous call is not queued, so not refused.
        using var sync = await PostAccountAsync(client, Requests.ForLogin(5560003), prefer: null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task PastMaxQueuedPerClient_ANewJobIs429_WithRetryAfter()
    {
        await using var queue = new AccountRegistryFactory(new Dictionary<string, string?>(QueueOnly) { ["Verifications:MaxQueuedPerClient"] = "1" });
        using var client = queue.CreateClient();
        await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560011)));

        using var tooMany = await PostAccountAsync(client, Requests.ForLogin(5560012));

        Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(tooMany.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task AnEndedJob_IsGone_24HoursAfterItEnded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = new AccountRegistryFactory(configureServices: services => services.AddSingleton<TimeProvider>(clock));
        using var client = service.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560021)));
        await EndedAsync(client, location);

        clock.Advance(TimeSpan.FromHours(23));
        using var kept = await client.GetAsync(location);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var gone = await client.GetAsync(location);

        Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AJobNoInstanceRanForADay_Ends503QueueTimeout_AndItsPasswordIsErased()
    {
        await using var queue = new AccountRegistryFactory(QueueOnly);
        using var client = queue.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560025)));

        // An instance with workers, a day and a minute later: its first round ends the stale job
        // before it claims any.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await using var sweeper = new AccountRegistryFactory(
            new Dictionary<string, string?> { ["ConnectionStrings:AccountRegistry"] = $"Data Source={queue.DatabasePath}", ["Verifications:Workers"] = "1", ["Mt5:Sandbox:LatencyMs"] = "60000" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var sweeperClient = sweeper.CreateClient();
        var job = await EndedAsync(sweeperClient, location);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(503));
        Assert.That(job["result"]!["body"]!["code"]!.GetValue<string>(), Is.EqualTo("queue_timeout"));
        Assert.That(await SealedPasswordAsync(queue.Services, JobId(location)), Is.Null);
        Assert.That(await sweeper.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task AJobLeftRunning_ByAnInstanceThatDied_IsTakenOver_AndCompleted()
    {
        await using var queue = new AccountRegistryFactory(QueueOnly);
        using var client = queue.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560031)));
        await AbandonAsync(queue, JobId(location), attempts: 1);

        await using var worker = Runner(queue);
        using var workerClient = worker.CreateClient();
        var job = await EndedAsync(workerClient, location);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        Assert.That(await SealedPasswordAsync(queue.Services, JobId(location)), Is.Null);
    }

    [Test]
    public async Task ARegistrationThatItsDeadInstanceHadStored_IsAnswered201WithThatAccount_Not409()
    {
        await using var queue = new AccountRegistryFactory(QueueOnly);
        using var client = queue.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560041)));
        var id = JobId(location);
        // What the dead instance did before it died: the registration, under the job's actor and trace id.
        var trace = await ScalarAsync(queue, "SELECT trace_id FROM verification_jobs WHERE id = $id", id);
        var actor = await ScalarAsync(queue, "SELECT actor FROM verification_jobs WHERE id = $id", id);
        using (var sync = await PostAccountAsync(client, Requests.ForLogin(5560041), prefer: null))
        {
            Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await AsyncRequests.ExecuteAsync(queue.Services, "UPDATE account_events SET trace_id = {0}, actor = {1}", trace!, actor!);
        await AbandonAsync(queue, id, attempts: 1);

        await using var worker = Runner(queue);
        using var workerClient = worker.CreateClient();
        var job = await EndedAsync(workerClient, location);

        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201), job.ToJsonString());
        Assert.That(job["result"]!["body"]!["login"]!.GetValue<long>(), Is.EqualTo(5560041));
    }

    [Test]
    public async Task AJobAbandonedMaxAttemptsTimes_IsFailedCleanly_With503_AndItsPasswordErased()
    {
        await using var queue = new AccountRegistryFactory(QueueOnly);
        using var client = queue.CreateClient();
        var location = await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5560051)));
        await AbandonAsync(queue, JobId(location), attempts: 3);

        await using var worker = Runner(queue, new() { ["Verifications:MaxAttempts"] = "3" });
        using var workerClient = worker.CreateClient();
        var job = await EndedAsync(workerClient, location);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(503));
            Assert.That(job["result"]!["body"]!["detail"]!.GetValue<string>(), Does.Contain("abandoned by its instance"));
            Assert.That(await SealedPasswordAsync(queue.Services, JobId(location)), Is.Null);
            Assert.That(await worker.CountAccountsAsync(), Is.Zero);
        }
    }

    [Test]
    public async Task AFreedWorker_TakesTheNextQueuedJobAtOnce_NotAtItsNextPoll()
    {
        // One worker, a poll far longer than the jobs: the second and third job can only start soon
        // if the end of the one before wakes the worker.
        await using var service = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Verifications:Workers"] = "1",
            ["Verifications:PollMilliseconds"] = "10000",
            ["Mt5:Sandbox:LatencyMs"] = "300",
        });
        using var client = service.CreateClient();
        var locations = new List<string>();
        foreach (var login in new[] { 5570001L, 5570002L, 5570003L })
        {
            locations.Add(await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(login))));
        }

        foreach (var location in locations)
        {
            var job = await EndedAsync(client, location, TimeSpan.FromSeconds(8));
            Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        }
    }

    /// <summary>A service with workers on <paramref name="queue"/>'s database file.</summary>
    private static AccountRegistryFactory Runner(AccountRegistryFactory queue, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["ConnectionStrings:AccountRegistry"] = $"Data Source={queue.DatabasePath}",
            ["Verifications:PollMilliseconds"] = "100",
        };
        return new AccountRegistryFactory(all);
    }

    // As an instance that claimed the job and died leaves it: running, under a lease long run out.
    private static async Task AbandonAsync(AccountRegistryFactory queue, string id, int attempts)
    {
        var rows = await AsyncRequests.ExecuteAsync(queue.Services,
            "UPDATE verification_jobs SET status = 'running', lease_owner = 'dead-host/1/0', lease_until = {0}, started_at = {0}, attempts = {1} WHERE id = {2}",
            DateTime.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture), attempts, id);
        Assert.That(rows, Is.EqualTo(1));
    }

    private static async Task<string?> ScalarAsync(AccountRegistryFactory factory, string sql, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (string?)await command.ExecuteScalarAsync();
    }

    // The file and its write-ahead log, as text.
    private static string DatabaseText(string path)
    {
        var text = new StringBuilder();
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
