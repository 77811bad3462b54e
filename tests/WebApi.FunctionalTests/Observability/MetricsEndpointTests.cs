using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Accounts;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Observability;

/// <summary>
/// <c>/metrics</c> with <c>Metrics:Enabled=true</c>: the verification counter and histogram by kind
/// and outcome, ASP.NET Core's HTTP metrics by route, all in Prometheus' text format, with exact
/// counts. A service of its own for each test, so that the counts start at zero.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Verifications = "account_registry_verifications_total";
    private const string DurationCount = "account_registry_verification_duration_seconds_count";
    private const string DurationBucket = "account_registry_verification_duration_seconds_bucket";

    private static readonly Dictionary<string, string?> Enabled = new() { ["Metrics:Enabled"] = "true" };

    [Test]
    public async Task ARegistration_IsCountedOnce_AsRegisterVerified_WithItsDuration_AndTheHttpRoute()
    {
        await using var factory = new AccountRegistryFactory(Enabled);
        using var client = factory.CreateClient();

        await CredentialRequests.RegisterAsync(client, Requests.ForLogin(7100001));
        var (response, text) = await ScrapeAsync(client);
        var samples = PrometheusText.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(samples.Single(Verifications, ("kind", "register"), ("outcome", "verified")), Is.EqualTo(1));
            Assert.That(samples.Where(s => s.Name == Verifications).Sum(s => s.Value), Is.EqualTo(1), "one check, one sample");
            Assert.That(samples.Single(DurationCount, ("kind", "register"), ("outcome", "verified")), Is.EqualTo(1));
            Assert.That(samples.Single(DurationBucket, ("kind", "register"), ("outcome", "verified"), ("le", "+Inf")), Is.EqualTo(1));
            Assert.That(samples.Single(DurationBucket, ("kind", "register"), ("outcome", "verified"), ("le", "120")), Is.EqualTo(1), "the buckets are the service's, up to two minutes");
            Assert.That(samples.Where(s => s.Name == DurationBucket).Select(s => s.Labels["le"]), Does.Contain("0.05").And.Contain("60"));
            Assert.That(
                samples.Single("http_server_request_duration_seconds_count",
                    ("http_route", "api/v1/accounts"), ("http_request_method", "POST"), ("http_response_status_code", "201")),
                Is.EqualTo(1));
        }
    }

    [Test]
    public async Task EachKindAndOutcome_IsCountedUnderItsOwnLabels()
    {
        await using var factory = new AccountRegistryFactory(Enabled);
        using var client = factory.CreateClient();

        var id = await CredentialRequests.RegisterAsync(client, Requests.ForLogin(7100002));
        var wrongPassword = Requests.ForLogin(7100003);
        wrongPassword["password"] = "Not-The-Brokers-Password-9";
        var noName = Requests.ForLogin(7100004);
        noName["name"] = "";
        using (var rejected = await client.PostJsonAsync(wrongPassword))
        using (var invalid = await client.PostJsonAsync(noName))
        using (var duplicate = await client.PostJsonAsync(Requests.ForLogin(7100002)))
        using (var verified = await CredentialRequests.VerifyAsync(client, id))
        using (var changed = await CredentialRequests.PutPasswordAsync(client, id, TestAccounts.AnyLoginPassword))
        using (var missing = await CredentialRequests.VerifyAsync(client, 999_999))
        {
            Assert.That(
                new[] { rejected.StatusCode, invalid.StatusCode, duplicate.StatusCode, verified.StatusCode, changed.StatusCode, missing.StatusCode },
                Is.EqualTo(new[]
                {
                    HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict, HttpStatusCode.OK,
                    HttpStatusCode.NoContent, HttpStatusCode.NotFound,
                }));
        }

        var samples = PrometheusText.Parse((await ScrapeAsync(client)).Text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Single(Verifications, ("kind", "register"), ("outcome", "verified")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "register"), ("outcome", "rejected")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "register"), ("outcome", "invalid")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "register"), ("outcome", "conflict")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "verify"), ("outcome", "verified")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "verify"), ("outcome", "invalid")), Is.EqualTo(1));
            Assert.That(samples.Single(Verifications, ("kind", "password_change"), ("outcome", "verified")), Is.EqualTo(1));
            Assert.That(samples.Where(s => s.Name == Verifications).Sum(s => s.Value), Is.EqualTo(7));
            Assert.That(samples.Single(DurationCount, ("kind", "register"), ("outcome", "rejected")), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AStoredAccountThatMt5NowRefuses_IsCountedAsVerifyRejected()
    {
        // The broker changed the password behind the service's back (a second service on the same
        // database, whose Sandbox knows only the new one): a verify records a rejection, 200 with status rejected.
        await using var before = new AccountRegistryFactory(Broker("Old-Broker-Password-1"));
        using var beforeClient = before.CreateClient();
        var request = Requests.ForLogin(7100005);
        request["password"] = "Old-Broker-Password-1";
        request["server"] = "Rotation-Demo";
        var id = await CredentialRequests.RegisterAsync(beforeClient, request);

        var settings = Broker("New-Broker-Password-2");
        settings["Database:DataDirectory"] = before.DataDirectory;
        settings["Metrics:Enabled"] = "true";
        await using var after = new AccountRegistryFactory(settings);
        using var client = after.CreateClient();
        using (var response = await CredentialRequests.VerifyAsync(client, id))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await response.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("rejected"));
        }

        var samples = PrometheusText.Parse((await ScrapeAsync(client)).Text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Single(Verifications, ("kind", "verify"), ("outcome", "rejected")), Is.EqualTo(1));
            Assert.That(samples.Where(s => s.Name == Verifications).Sum(s => s.Value), Is.EqualTo(1), "the first service's registration was before this one listened");
        }
    }

    [Test]
    public async Task TheScrape_NeverCarriesAPasswordOrALogin()
    {
        await using var factory = new AccountRegistryFactory(Enabled);
        using var client = factory.CreateClient();
        var wrongPassword = Requests.ForLogin(7100007);
        wrongPassword["password"] = "Not-The-Brokers-Password-9";

        await CredentialRequests.RegisterAsync(client, Requests.ForLogin(7100006));
        using (await client.PostJsonAsync(wrongPassword))
        {
        }

        var text = (await ScrapeAsync(client)).Text;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain(Verifications));
            Assert.That(text, Does.Not.Contain(TestAccounts.AnyLoginPassword).And.Not.Contain("Not-The-Brokers-Password-9"));
            Assert.That(text, Does.Not.Contain("7100006").And.Not.Contain("7100007"));
            Assert.That(text, Does.Not.Contain(TestAccounts.AnyLoginServer));
        }
    }

    [Test]
    public async Task WhenDisabled_MetricsIs404_AndWhenEnabled200()
    {
        await using var disabled = new AccountRegistryFactory(new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        await using var enabled = new AccountRegistryFactory(Enabled);
        using var disabledClient = disabled.CreateClient();
        using var enabledClient = enabled.CreateClient();

        using var refused = await disabledClient.GetAsync("/metrics");
        using var served = await enabledClient.GetAsync("/metrics");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task InDevelopment_MetricsAreOn_AndElsewhereOff()
    {
        await using var factory = new AccountRegistryFactory();
        await using var development = factory.WithWebHostBuilder(web => web.UseEnvironment("Development"));
        using var developmentClient = development.CreateClient();
        using var client = factory.CreateClient();

        using var developmentScrape = await developmentClient.GetAsync("/metrics");
        using var testingScrape = await client.GetAsync("/metrics");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(developmentScrape.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(testingScrape.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "off by default");
        }
    }

    [Test]
    public async Task AScrape_IsLoggedAtDebug_LikeAHealthProbe()
    {
        await using var factory = new AccountRegistryFactory(Enabled);
        using var client = factory.CreateClient();

        await ScrapeAsync(client);

        var line = factory.LogEvents.Single(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)
            && e.Properties.TryGetValue("Path", out var path) && path.ToString() == "\"/metrics\"");
        Assert.That(line.Level, Is.EqualTo(LogEventLevel.Debug));
    }

    [Test]
    public async Task WithAPort_MetricsAnswerOnlyOnThatLocalPort()
    {
        var settings = new Dictionary<string, string?>(Enabled) { ["Metrics:Port"] = "9464" };
        await using var factory = new AccountRegistryFactory(settings, services => services.AddTransient<IStartupFilter, LocalPortFromHeader>());
        using var client = factory.CreateClient();

        using var onThePort = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        onThePort.Headers.Add(LocalPortFromHeader.HeaderName, "9464");
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        elsewhere.Headers.Add(LocalPortFromHeader.HeaderName, "8000");
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Add(LocalPortFromHeader.HeaderName, "8000");
        spoofed.Headers.Host = "localhost:9464";

        using var scraped = await client.SendAsync(onThePort);
        using var refused = await client.SendAsync(elsewhere);
        using var notFooled = await client.SendAsync(spoofed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scraped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notFooled.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the connection's port counts, not the Host header");
        }
    }

    internal static async Task<(HttpResponseMessage Response, string Text)> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return (response, text);
    }

    private static Dictionary<string, string?> Broker(string password) => new()
    {
        ["Mt5:Sandbox:Accounts:9:Login"] = "7100005",
        ["Mt5:Sandbox:Accounts:9:Password"] = password,
        ["Mt5:Sandbox:Accounts:9:Server"] = "Rotation-Demo",
        ["Mt5:Sandbox:Accounts:9:TradeMode"] = "Demo",
        ["Mt5:Sandbox:Accounts:9:Symbols:0"] = "EURUSD",
    };

    /// <summary>The test server has no socket: this gives each request the local port a test names, as if it had arrived there.</summary>
    private sealed class LocalPortFromHeader : IStartupFilter
    {
        public const string HeaderName = "X-Test-Local-Port";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(HeaderName, out var port))
                {
                    context.Connection.LocalPort = int.Parse(port.ToString(), System.Globalization.CultureInfo.InvariantCulture);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
