using System.Net;
using System.Security.Cryptography;
using System.Text;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>Rate limits, optional API keys, CORS, trusted proxies and response headers.</summary>
public sealed class ApiProtectionTests
{
    private const string ApiKey = "a-long-random-api-key-for-tests-0123456789";

    [Test]
    public async Task Registrations_OverTheLimit_Get429_WithRetryAfter_AndReadsAreNotCounted()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["RateLimiting:RegisterPerMinute"] = "3" });
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var login = 1; login <= 4; login++)
        {
            using var response = await client.PostJsonAsync(Requests.ForLogin(8800000 + login));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
                await response.AssertErrorAsync("rate_limited", Does.StartWith("Too many requests"));
            }
        }

        using var read = await client.GetAsync(Requests.AccountsPath);

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task Reads_OverTheirLimit_Get429()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["RateLimiting:ReadPerMinute"] = "2" });
        using var client = factory.CreateClient();

        using var first = await client.GetAsync(Requests.AccountsPath);
        using var second = await client.GetAsync($"{Requests.AccountsPath}/1");
        using var third = await client.GetAsync(Requests.AccountsPath);
        using var health = await client.GetAsync("/health/live");

        Assert.That(new[] { first.StatusCode, second.StatusCode, third.StatusCode, health.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.OK }));
    }

    [Test]
    public async Task ForwardedFor_IsBelievedOnlyFromATrustedProxy()
    {
        // Without a trusted proxy, a spoofed X-Forwarded-For does not buy a fresh allowance.
        Assert.That(await SpoofedStatusesAsync(trustedProxy: null), Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        // Behind the configured proxy, each forwarded client has its own allowance.
        Assert.That(await SpoofedStatusesAsync(trustedProxy: "10.0.0.1"), Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Created }));
    }

    [Test]
    public async Task ApiKeys_WhenConfigured_AreRequiredOnTheApi_ButNotOnHealthOrDocs()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = Hash(ApiKey),
            ["Auth:AllowAnonymous"] = null,
            ["Docs:Enabled"] = "true",
        });
        using var client = factory.CreateClient();

        using var missing = await client.PostJsonAsync(Requests.SpecExample());
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key");
        using var wrong = await client.GetAsync(Requests.AccountsPath);
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        using var health = await client.GetAsync("/health/ready");
        using var docs = await client.GetAsync("/openapi/v1.json");
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        using var allowed = await client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await missing.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Missing or invalid API key","code":"api_key_rejected"}"""));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(docs.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(1), "the refused request stored nothing");
    }

    [Test]
    public async Task Cors_AllowsOnlyTheConfiguredFrontend()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://app.example.com" });
        using var client = factory.CreateClient();

        using var allowed = await PreflightAsync(client, "https://app.example.com");
        using var other = await PreflightAsync(client, "https://evil.example.net");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example.com" }));
            Assert.That(string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("POST"));
            Assert.That(other.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        }
    }

    [TestCase("/health/live")]
    [TestCase("/api/v1/accounts/abc")]
    [TestCase("/no-such-route")]
    public async Task Responses_CarryNosniff(string path)
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [TestCase("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", HttpStatusCode.TooManyRequests)]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:3::1", HttpStatusCode.Created)]
    [TestCase("203.0.113.1", "::ffff:203.0.113.1", HttpStatusCode.TooManyRequests)]
    [TestCase("203.0.113.1", "203.0.113.2", HttpStatusCode.Created)]
    public async Task RateLimits_CountAnIPv6ClientPerSlash64(string first, string second, HttpStatusCode secondStatus)
    {
        var statuses = await SpoofedStatusesAsync("10.0.0.1", first, second);

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, secondStatus }));
    }

    private static async Task<HttpStatusCode[]> SpoofedStatusesAsync(string? trustedProxy, string firstClient = "203.0.113.1", string secondClient = "203.0.113.2")
    {
        var settings = new Dictionary<string, string?> { ["RateLimiting:RegisterPerMinute"] = "1" };
        if (trustedProxy is not null)
        {
            settings["ForwardedHeaders:TrustedProxies:0"] = trustedProxy;
        }

        await using var factory = new AccountRegistryFactory(settings, services =>
            services.AddTransient<IStartupFilter, ConnectionFromProxy>());
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var (login, forwardedFor) in new[] { (8810001L, firstClient), (8810002L, secondClient) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
            {
                Content = new StringContent(Requests.ForLogin(login).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return [.. statuses];
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Requests.AccountsPath);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await client.SendAsync(request);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // The test server has no socket; every request arrives from the proxy's address.
    private sealed class ConnectionFromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
