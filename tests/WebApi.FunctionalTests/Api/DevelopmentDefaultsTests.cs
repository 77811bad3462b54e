using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// What a developer trying the service gets from <c>appsettings.Development.json</c>, and what
/// Production keeps to itself: CORS for a frontend on localhost, limits a person does not trip,
/// and a database file of its own.
/// </summary>
public sealed class DevelopmentDefaultsTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("account-registry-env-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase("http://localhost:3000")]
    [TestCase("http://localhost:5173")]
    [TestCase("http://127.0.0.1:5173")]
    [TestCase("http://127.0.0.1:8080")]
    public async Task InDevelopment_AFrontendOnLocalhost_MayCallTheApi(string origin)
    {
        await using var factory = new AccountRegistryFactory();
        await using var development = factory.WithWebHostBuilder(web => web.UseEnvironment("Development"));
        using var client = development.CreateClient();

        using var preflight = await PreflightAsync(client, origin);
        using var simple = await GetWithOriginAsync(client, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { origin }));
            Assert.That(string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("POST"));
            Assert.That(simple.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(simple.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { origin }));
            Assert.That(simple.Headers.GetValues("Vary"), Does.Contain("Origin"), "a cache must not hand one origin's answer to another");
        }
    }

    [TestCase("http://localhost.evil.example:3000")]
    [TestCase("http://localhost:3000.evil.example")]
    [TestCase("http://localhost:3000/")]
    [TestCase("http://localhost:3000@evil.example")]
    [TestCase("http://evil-localhost:3000")]
    [TestCase("http://127.0.0.1.nip.io:5173")]
    [TestCase("http://localhost:99999")]
    [TestCase("http://localhost:03000")]
    [TestCase("https://localhost:3000")]
    [TestCase("null")]
    public async Task InDevelopment_ALookAlikeOrigin_IsRefused(string origin)
    {
        await using var factory = new AccountRegistryFactory();
        await using var development = factory.WithWebHostBuilder(web => web.UseEnvironment("Development"));
        using var client = development.CreateClient();

        using var preflight = await PreflightAsync(client, origin);
        using var simple = await GetWithOriginAsync(client, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
            Assert.That(simple.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        }
    }

    [TestCase("http://localhost:3000")]
    [TestCase("http://127.0.0.1:5173")]
    public async Task InProduction_NoOriginIsAllowed_ByDefault(string origin)
    {
        await using var factory = new AccountRegistryFactory();
        await using var production = factory.WithWebHostBuilder(web => web.UseEnvironment("Production"));
        using var client = production.CreateClient();

        using var preflight = await PreflightAsync(client, origin);
        using var simple = await GetWithOriginAsync(client, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
            Assert.That(simple.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        }
    }

    [Test]
    public async Task AnOriginWithAnyPort_CanBeConfigured_OutsideDevelopment()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "https://app.example.com:*",
            ["Cors:AllowedOrigins:1"] = "https://admin.example.com",
        });
        using var client = factory.CreateClient();

        using var anyPort = await PreflightAsync(client, "https://app.example.com:8443");
        using var defaultPort = await PreflightAsync(client, "https://app.example.com");
        using var exact = await PreflightAsync(client, "https://admin.example.com");
        using var exactOtherPort = await PreflightAsync(client, "https://admin.example.com:8443");
        using var otherScheme = await PreflightAsync(client, "http://app.example.com:8443");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anyPort.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example.com:8443" }));
            Assert.That(defaultPort.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example.com" }));
            Assert.That(exact.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://admin.example.com" }));
            Assert.That(exactOtherPort.Headers.Contains("Access-Control-Allow-Origin"), Is.False, "an origin without :* is matched as a whole");
            Assert.That(otherScheme.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        }
    }

    [Test]
    public async Task InDevelopment_TheReadmesTableCanBeTriedAgainAndAgain_WithoutA429()
    {
        // The factory turns limits off; null takes its setting away, so appsettings.Development.json speaks.
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:RegisterPerMinute"] = null,
            ["RateLimiting:ReadPerMinute"] = null,
        });
        await using var development = factory.WithWebHostBuilder(web => web.UseEnvironment("Development"));
        using var client = development.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var login = 1; login <= 30; login++)
        {
            using var created = await client.PostJsonAsync(Requests.ForLogin(8990000 + login));
            statuses.Add(created.StatusCode);
        }

        // Production's default (5 rejections of one login lock it for 15 minutes) would answer 429 from the 6th on.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var wrong = Requests.ForLogin(8990100);
            wrong["password"] = $"Wrong-Password-{attempt}";
            using var rejected = await client.PostJsonAsync(wrong);
            statuses.Add(rejected.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Created, 30).Concat(Enumerable.Repeat(HttpStatusCode.BadRequest, 10))));
    }

    [Test]
    public async Task DevelopmentAndProduction_InOneDataFolder_KeepTheirAccountsApart()
    {
        var sameFolder = new Dictionary<string, string?> { ["Database:DataDirectory"] = _folder };
        await using (var factory = new AccountRegistryFactory(sameFolder))
        await using (var development = factory.WithWebHostBuilder(web => web.UseEnvironment("Development")))
        {
            using var client = development.CreateClient();
            using var created = await client.PostJsonAsync(Requests.SpecExample());
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await using (var factory = new AccountRegistryFactory(sameFolder))
        await using (var production = factory.WithWebHostBuilder(web => web.UseEnvironment("Production")))
        {
            using var client = production.CreateClient();
            using var list = await client.GetAsync(Requests.AccountsPath);
            using var created = await client.PostJsonAsync(Requests.SpecExample());

            using (Assert.EnterMultipleScope())
            {
                Assert.That(list.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "0" }), "Production does not see Development's accounts");
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), "and the spec's example is not a 409 there");
            }
        }

        Assert.That(
            Directory.GetFiles(_folder, "*.db").Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "account-registry.development.db", "account-registry.db" }));
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Requests.AccountsPath);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetWithOriginAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Requests.AccountsPath);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }
}
