using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// What an Idempotency-Key may cost and reveal: keys belong to their caller, a 422 is not kept,
/// every field is part of the fingerprint, and a keyed body never touches the disk.
/// </summary>
public sealed class IdempotencyScopeTests
{
    private const string Owner = "198.51.100.10";
    private const string Stranger = "203.0.113.66";

    private static AccountRegistryFactory Factory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? more = null) =>
        new(settings, services =>
        {
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
            more?.Invoke(services);
        });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode body, string key, string address = Owner, string? apiKey = null)
    {
        using var request = ClientAddressFromHeader.Register(body, address, apiKey);
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<long> StoredRecordsAsync(AccountRegistryFactory factory)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency_records";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task AnotherAddress_UsingTheSameKey_GetsNoReplay_AndNoAnswerAboutTheStoredBody()
    {
        CountingGateway? mt5 = null;
        await using var factory = Factory(more: s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var guess = Requests.SpecExample();
        guess["password"] = "A-Guessed-Password";

        using var owner = await PostAsync(client, Requests.SpecExample(), "shared-key-1");
        using var guessed = await PostAsync(client, guess, "shared-key-1", Stranger);
        using var sameBody = await PostAsync(client, Requests.SpecExample(), "shared-key-1", "192.0.2.77");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            // Each runs as a request of its own: the login exists (409), and nothing tells whether
            // the guessed body matched the owner's (no replay, no 422 "different body").
            Assert.That(sameBody.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(sameBody.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(guessed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await guessed.ReadJsonAsync())["detail"]!.GetValue<string>(), Is.EqualTo("Account 12345678 already exists"));
            Assert.That(mt5!.Calls, Is.EqualTo(1));
        }

        using var ownersRetry = await PostAsync(client, Requests.SpecExample(), "shared-key-1");
        Assert.That(ownersRetry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }), "the owner still gets its replay");
    }

    [Test]
    public async Task WithApiKeys_AKeyBelongsToItsApiKeyAndItsAddress_TogetherOnly()
    {
        const string first = "first-api-key-for-idempotency-tests-0001";
        const string second = "second-api-key-for-idempotency-tests-002";
        await using var factory = Factory(new()
        {
            ["Auth:ApiKeys:0"] = Hash(first),
            ["Auth:ApiKeys:1"] = Hash(second),
        });
        using var client = factory.CreateClient();

        using var original = await PostAsync(client, Requests.SpecExample(), "shared-key-2", Owner, first);
        using var otherApiKey = await PostAsync(client, Requests.SpecExample(), "shared-key-2", Owner, second);
        using var sameApiKeyElsewhere = await PostAsync(client, Requests.SpecExample(), "shared-key-2", Stranger, first);

        using var retry = await PostAsync(client, Requests.SpecExample(), "shared-key-2", Owner, first);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(original.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }), "the same key and address get their replay");
            Assert.That(otherApiKey.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(otherApiKey.Headers.Contains("Idempotent-Replayed"), Is.False);
            // One API key often serves every user of a frontend: another address behind the same key
            // is another caller, and cannot test bodies kept for the first.
            Assert.That(sameApiKeyElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(sameApiKeyElsewhere.Headers.Contains("Idempotent-Replayed"), Is.False);
        }
    }

    [Test]
    public async Task A422_IsNotKept_SoTheKeyStaysFreeForTheCorrectedRequest()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        // Once the most expensive 422 to keep (3.7 MB): a body near the limit, every item of the wrong type.
        var worst = "{\"login\":\"abc\",\"allowed_symbols\":[" + string.Join(',', Enumerable.Repeat("1", 30_000)) + "]}";

        using var first = await PostAsync(client, JsonNode.Parse(worst)!, "key-422");
        using var again = await PostAsync(client, JsonNode.Parse(worst)!, "key-422");
        var kept = await StoredRecordsAsync(factory);
        using var corrected = await PostAsync(client, Requests.SpecExample(), "key-422");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first.StatusCode, again.StatusCode }, Is.All.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(kept, Is.Zero, "nothing of a 422 is kept");
            Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }

    private static IEnumerable<TestCaseData> SingleFieldChanges()
    {
        yield return new TestCaseData("name", JsonValue.Create("Bot renamed"));
        yield return new TestCaseData("broker", JsonValue.Create("Other Broker"));
        yield return new TestCaseData("login", JsonValue.Create(8950099L));
        yield return new TestCaseData("password", JsonValue.Create("Another-Password-1"));
        yield return new TestCaseData("server", JsonValue.Create("Broker-Demo2"));
        yield return new TestCaseData("is_live", JsonValue.Create(true));
        yield return new TestCaseData("allowed_symbols", new JsonArray("GBPUSD"));
        yield return new TestCaseData("max_lot_size", JsonValue.Create(0.2m));
        yield return new TestCaseData("risk_pct", JsonValue.Create(0.02m));
        yield return new TestCaseData("auto_trade_enabled", JsonValue.Create(false));
        yield return new TestCaseData("mt5_path", JsonValue.Create("C:/MT5/terminal64.exe"));
        yield return new TestCaseData("account_type", JsonValue.Create("USC"));
    }

    [TestCaseSource(nameof(SingleFieldChanges))]
    public async Task UnderAReusedKey_ChangingAnySingleField_Gets422(string field, JsonNode changed)
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        var body = Requests.ForLogin(8950001);
        body["is_live"] = false;
        body["max_lot_size"] = 0.1m;
        body["risk_pct"] = 0.01m;
        body["auto_trade_enabled"] = true;
        body["mt5_path"] = string.Empty;
        body["account_type"] = "USD";
        var other = body.DeepClone();
        other[field] = changed;

        using var first = await PostAsync(client, body, "key-field-" + field);
        using var reused = await PostAsync(client, other, "key-field-" + field);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), $"{field} changed under the same key");
        Assert.That((await reused.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("different request body"));
    }

    [Test]
    public async Task AKeyedBodyOver30KiB_IsHeldInMemory_NeverSpooledToATemporaryFile()
    {
        CountingGateway? mt5 = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = Factory(more: s => CountingGateway.Install(s, c => (mt5 = c).HoldUntil = release.Task));
        using var client = factory.CreateClient();
        var marker = "Spool " + Guid.NewGuid().ToString("N");
        var body = Requests.ForLogin(8960001);
        body["name"] = marker;
        // Valid JSON, padded with whitespace to 40 KiB: past ASP.NET's 30 KiB in-memory buffer.
        var json = body.ToJsonString().Replace("{", "{" + new string(' ', 40 * 1024), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "key-spool");
        var pending = client.SendAsync(request);
        await CountingGateway.WaitForCallsAsync(() => mt5, 1);

        var spooled = SpoolFilesHolding(marker);
        release.SetResult();
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(spooled, Is.Empty, "no temporary file holds the body (and its password) while the request runs");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    private static List<string> SpoolFilesHolding(string secret)
    {
        var folders = new[] { Environment.GetEnvironmentVariable("ASPNETCORE_TEMP"), Path.GetTempPath() }
            .Where(folder => !string.IsNullOrEmpty(folder) && Directory.Exists(folder));
        var found = new List<string>();
        foreach (var file in folders.SelectMany(folder => Directory.EnumerateFiles(folder!, "ASPNETCORE_*.tmp")))
        {
            try
            {
                if (Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains(secret, StringComparison.Ordinal))
                {
                    found.Add(file);
                }
            }
            catch (IOException)
            {
                // Another test's file, gone meanwhile.
            }
        }

        return found;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
