using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>Idempotent retries, and the lockout after rejected credential checks; both kept in the database.</summary>
public sealed class RetryAndLockoutTests
{
    [Test]
    public async Task SameKeyAndBody_ReplaysTheFirstResponse_WithoutAskingMt5Again()
    {
        CountingGateway? mt5 = null;
        await using var factory = new AccountRegistryFactory(configureServices: s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, Requests.SpecExample(), "key-0001");
        using var retry = await PostAsync(client, Requests.SpecExample(), "key-0001");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
            Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(mt5!.Calls, Is.EqualTo(1));
        }

        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task WithoutAKey_ARetryIsTold409_AsBefore()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var first = await client.PostJsonAsync(Requests.SpecExample());
        using var retry = await client.PostJsonAsync(Requests.SpecExample());

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task SameKey_WithAnotherBody_Gets422()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        var other = Requests.SpecExample();
        other["name"] = "Another name";

        using var first = await PostAsync(client, Requests.SpecExample(), "key-0002");
        using var reused = await PostAsync(client, other, "key-0002");

        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var (detail, code) = await reused.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain("different request body"));
        Assert.That(code, Is.EqualTo("idempotency_key_reused"));
    }

    [Test]
    public async Task ARejection_IsReplayed_WithoutAskingMt5Again()
    {
        CountingGateway? mt5 = null;
        await using var factory = new AccountRegistryFactory(configureServices: s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var wrong = Requests.SpecExample();
        wrong["password"] = "wrong-password";

        using var first = await PostAsync(client, wrong, "key-0003");
        using var retry = await PostAsync(client, wrong, "key-0003");

        Assert.That(new[] { first.StatusCode, retry.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(mt5!.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task AnOutage_IsNotKept_SoTheRetryAsksMt5Again()
    {
        CountingGateway? mt5 = null;
        await using var factory = new AccountRegistryFactory(
            new Dictionary<string, string?> { ["Mt5:Sandbox:Available"] = "false" },
            s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, Requests.SpecExample(), "key-0004");
        using var retry = await PostAsync(client, Requests.SpecExample(), "key-0004");

        Assert.That(new[] { first.StatusCode, retry.StatusCode }, Is.All.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(mt5!.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Keys_SurviveARestart_AndHoldNoPassword()
    {
        await using var before = new AccountRegistryFactory();
        using (var client = before.CreateClient())
        using (var first = await PostAsync(client, Requests.SpecExample(), "key-0005"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await using var after = new AccountRegistryFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = before.DataDirectory });
        using var restarted = after.CreateClient();
        using var retry = await PostAsync(restarted, Requests.SpecExample(), "key-0005");

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True);

        await using var connection = new SqliteConnection($"Data Source={before.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT idempotency_key || fingerprint || coalesce(body, '') FROM idempotency_records";
        var stored = (string)(await query.ExecuteScalarAsync())!;
        Assert.That(stored, Does.Not.Contain(TestAccounts.DemoPassword));
        var plainHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Requests.SpecExample().ToJsonString())));
        Assert.That(stored, Does.Not.Contain(plainHash), "the fingerprint is a keyed hash, not a plain one");
    }

    [TestCase("has space")]
    [TestCase("tab\tinside")]
    [TestCase(null)]
    public async Task AMalformedKey_Gets422_AtTheHeader(string? key)
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        // null stands for a key one character past the bound.
        using var response = await PostAsync(client, Requests.SpecExample(), key ?? new string('k', 256));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0];
        Assert.That(Requests.Loc(error), Is.EqualTo("header.idempotency-key"));
        if (key is null)
        {
            // Pydantic's own words for a string past its bound.
            Assert.That(error!.ToJsonString(), Is.EqualTo(
                """{"type":"string_too_long","loc":["header","idempotency-key"],"msg":"String should have at most 255 characters","ctx":{"max_length":255}}"""));
        }

        Assert.That(await factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task RejectedChecks_LockTheLoginOut_WithoutAskingMt5_AndTheLockSurvivesARestart()
    {
        CountingGateway? mt5 = null;
        var lockout = new Dictionary<string, string?> { ["Lockout:MaxFailures"] = "2", ["Lockout:WindowMinutes"] = "15" };
        await using var factory = new AccountRegistryFactory(lockout, s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var wrong = Requests.SpecExample();
        wrong["password"] = "guess-1";

        using var first = await client.PostJsonAsync(wrong);
        wrong["password"] = "guess-2";
        using var second = await client.PostJsonAsync(wrong);
        using var locked = await client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)));
            await locked.AssertErrorAsync("locked_out", Does.Contain("login 12345678"));
            Assert.That(mt5!.Calls, Is.EqualTo(2), "the locked-out attempt never reached MT5");
        }

        var settings = new Dictionary<string, string?>(lockout) { ["Database:DataDirectory"] = factory.DataDirectory };
        await using var restarted = new AccountRegistryFactory(settings);
        using var otherInstance = restarted.CreateClient();
        using var stillLocked = await otherInstance.PostJsonAsync(Requests.SpecExample());
        Assert.That(stillLocked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task ParallelGuesses_ReachMt5NoMoreOftenThanTheLockoutAllows()
    {
        CountingGateway? mt5 = null;
        var settings = new Dictionary<string, string?>
        {
            ["Lockout:MaxFailures"] = "3",
            // Each check takes a while, so every wave's requests are in flight together.
            ["Mt5:Sandbox:LatencyMs"] = "150",
        };
        await using var factory = new AccountRegistryFactory(settings, s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpStatusCode[] lastWave = [];
        for (var wave = 0; wave < 6; wave++)
        {
            var guesses = Enumerable.Range(0, 20).Select(async i =>
            {
                var guess = Requests.ForLogin(9200001);
                guess["password"] = $"guess-{wave}-{i}";
                using var response = await client.PostJsonAsync(guess);
                return response.StatusCode;
            });
            lastWave = await Task.WhenAll(guesses);
            statuses.AddRange(lastWave);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mt5!.Calls, Is.EqualTo(3), "MT5 saw exactly Lockout:MaxFailures guesses, however many came at once");
            Assert.That(statuses.Count(s => s == HttpStatusCode.BadRequest), Is.EqualTo(3));
            Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.TooManyRequests));
            // Locked out: each gets 429, or 409 while another request for the login holds its turn.
            Assert.That(lastWave, Is.All.AnyOf(HttpStatusCode.TooManyRequests, HttpStatusCode.Conflict));
            Assert.That(lastWave, Does.Contain(HttpStatusCode.TooManyRequests));
        }
    }

    [Test]
    public async Task OtherLogins_AreNotLockedOut()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Lockout:MaxFailures"] = "1" });
        using var client = factory.CreateClient();
        var wrong = Requests.ForLogin(9100001);
        wrong["password"] = "nope";

        using var rejected = await client.PostJsonAsync(wrong);
        using var other = await client.PostJsonAsync(Requests.ForLogin(9100002));

        Assert.That(new[] { rejected.StatusCode, other.StatusCode }, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.Created }));
    }

    [Test]
    public async Task TheKey_WorksWithATrailingSlashToo()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, Requests.SpecExample(), "key-slash", Requests.AccountsPath + "/");
        using var retry = await PostAsync(client, Requests.SpecExample(), "key-slash", Requests.AccountsPath + "/");

        Assert.That(new[] { first.StatusCode, retry.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
    }

    [Test]
    public async Task AClaimWhoseRequestNeverFinished_IsTakenOver_OnceItsLeaseHasRunOut()
    {
        CountingGateway? mt5 = null;
        await using var factory = new AccountRegistryFactory(configureServices: s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var body = Encoding.UTF8.GetBytes(Requests.SpecExample().ToJsonString());

        // A request claimed the key, then its process died before it answered.
        using (var scope = factory.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
            var request = Idempotency.IdempotencyMiddleware.RequestBytes("POST", Requests.AccountsPath, body);
            Assert.That(await store.ClaimAsync(StoredKey("key-orphan"), request, CancellationToken.None), Is.TypeOf<IdempotencyClaim.Claimed>());
        }

        using var tooSoon = await PostBytesAsync(client, body, "key-orphan");
        await AgeRecordAsync(factory, StoredKey("key-orphan"), TimeSpan.FromMinutes(11));
        using var retry = await PostBytesAsync(client, body, "key-orphan");
        using var again = await PostBytesAsync(client, body, "key-orphan");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tooSoon.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "within its lease the claim is still in progress");
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "after it, a retry takes the claim over");
            Assert.That(again.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(mt5!.Calls, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AnInProgressConflict_IsNotKept_SoTheRetryGetsTheFinalAnswer()
    {
        CountingGateway? mt5 = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new AccountRegistryFactory(configureServices: s => CountingGateway.Install(s, c =>
        {
            c.HoldUntil = release.Task;
            mt5 = c;
        }));
        using var client = factory.CreateClient();

        var first = PostAsync(client, Requests.SpecExample(), "key-first");
        await CountingGateway.WaitForCallsAsync(() => mt5, 1);
        using var meanwhile = await PostAsync(client, Requests.SpecExample(), "key-second");
        release.SetResult();
        using var created = await first;
        using var retry = await PostAsync(client, Requests.SpecExample(), "key-second");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(meanwhile.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            await meanwhile.AssertErrorAsync("in_progress", Does.Contain("already in progress"));
            Assert.That(meanwhile.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)), "in progress: retry in a second");
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await retry.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Account 12345678 already exists","code":"already_exists"}"""));
            Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False, "the retry ran afresh");
        }
    }

    [Test]
    public async Task AKey_IsKeptFor24Hours_ThenFreeForANewRequest()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, Requests.ForLogin(9300001), "key-day");
        await AgeRecordAsync(factory, StoredKey("key-day"), TimeSpan.FromHours(23));
        using var withinADay = await PostAsync(client, Requests.ForLogin(9300002), "key-day");
        await AgeRecordAsync(factory, StoredKey("key-day"), TimeSpan.FromHours(25));
        using var afterADay = await PostAsync(client, Requests.ForLogin(9300002), "key-day");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(withinADay.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "another body under a kept key");
            Assert.That(afterADay.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the expired key serves a new request");
            Assert.That(afterADay.Headers.Contains("Idempotent-Replayed"), Is.False);
        }
    }

    [Test]
    public async Task AnOvertakenClaim_NeitherCompletesNorReleasesTheClaimThatTookItOver()
    {
        await using var factory = new AccountRegistryFactory();
        var store = factory.Services.GetRequiredService<IIdempotencyStore>();
        var body = Encoding.UTF8.GetBytes(Requests.SpecExample().ToJsonString());
        var stale = new StoredResponse(201, """{"id":1}""", "/api/v1/accounts/1");
        var fresh = new StoredResponse(201, """{"id":2}""", "/api/v1/accounts/2");

        var original = (IdempotencyClaim.Claimed)await store.ClaimAsync("key-overtaken", body, CancellationToken.None);
        await AgeRecordAsync(factory, "key-overtaken", TimeSpan.FromMinutes(30));
        var takeover = await store.ClaimAsync("key-overtaken", body, CancellationToken.None);

        // The original request turns out to be alive after all, and finishes late.
        await store.ReleaseAsync("key-overtaken", original, CancellationToken.None);
        await store.CompleteAsync("key-overtaken", original, stale, CancellationToken.None);
        var whileTheTakeoverRuns = await store.ClaimAsync("key-overtaken", body, CancellationToken.None);
        await store.CompleteAsync("key-overtaken", (IdempotencyClaim.Claimed)takeover, fresh, CancellationToken.None);
        var afterwards = await store.ClaimAsync("key-overtaken", body, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(takeover, Is.TypeOf<IdempotencyClaim.Claimed>().And.Not.EqualTo(original));
            Assert.That(whileTheTakeoverRuns, Is.TypeOf<IdempotencyClaim.InProgress>());
            Assert.That(afterwards, Is.EqualTo(new IdempotencyClaim.Replay(fresh)));
        }
    }

    [Test]
    public async Task AStoreThatFailsToKeepTheResponse_LosesOnlyTheReplay()
    {
        await using var factory = new AccountRegistryFactory(configureServices: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IIdempotencyStore));
            services.Remove(real);
            services.AddSingleton<IIdempotencyStore>(provider =>
                new ForgetfulStore((IIdempotencyStore)ActivatorUtilities.CreateInstance(provider, real.ImplementationType!)));
        });
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, Requests.SpecExample(), "key-forgotten");
        using var retry = await PostAsync(client, Requests.SpecExample(), "key-forgotten");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the response stands");
            Assert.That((await first.ReadJsonAsync())["login"]!.GetValue<long>(), Is.EqualTo(TestAccounts.DemoLogin));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the claim was released, so the retry ran afresh");
            Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False);
        }
    }

    // A store whose database goes away (with a fault that is not a DbException) just as the response is kept.
    private sealed class ForgetfulStore(IIdempotencyStore inner) : IIdempotencyStore
    {
        public Task<IdempotencyClaim> ClaimAsync(string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
            inner.ClaimAsync(key, body, cancellationToken);

        public Task CompleteAsync(string key, IdempotencyClaim.Claimed claim, StoredResponse response, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Timeout expired while obtaining a connection from the pool.");

        public Task ReleaseAsync(string key, IdempotencyClaim.Claimed claim, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(key, claim, cancellationToken);
    }

    private static async Task AgeRecordAsync(AccountRegistryFactory factory, string key, TimeSpan age)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE idempotency_records SET created_at = $at WHERE idempotency_key = $key";
        command.Parameters.AddWithValue("$at", DateTime.UtcNow - age);
        command.Parameters.AddWithValue("$key", key);
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }

    // The test server's requests come from no address; their keys are stored under that caller.
    private static string StoredKey(string key) => Idempotency.IdempotencyMiddleware.ScopedKey("address:" + WebApi.Security.ClientAddress.Unknown, key);

    private static async Task<HttpResponseMessage> PostBytesAsync(HttpClient client, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, string key, string path = Requests.AccountsPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
