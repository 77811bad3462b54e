using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>POST /api/v1/accounts through the real pipeline, on a real SQLite file: the spec's response table.</summary>
public sealed class RegisterAccountTests : SharedServiceTest
{
    private static readonly string[] SpecResponseFields =
    [
        "id", "name", "broker", "login", "server", "is_live", "is_active", "allowed_symbols", "max_lot_size",
        "risk_pct", "auto_trade_enabled", "paper_trade_enabled", "mt5_path", "account_type", "created_at",
    ];

    [Test]
    public async Task Returns201_WithTheSpecsBody_ForTheSpecsExample()
    {
        using var response = await Client.PostJsonAsync(Requests.SpecExample());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = (await response.ReadJsonAsync()).AsObject();
        var id = body["id"]!.GetValue<long>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(SpecResponseFields));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/api/v1/accounts/{id}"));
            Assert.That(id, Is.GreaterThan(0));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Live Trading Account"));
            Assert.That(body["broker"]!.GetValue<string>(), Is.EqualTo("MetaQuotes"));
            Assert.That(body["login"]!.GetValue<long>(), Is.EqualTo(TestAccounts.DemoLogin));
            Assert.That(body["server"]!.GetValue<string>(), Is.EqualTo(TestAccounts.DemoServer));
            Assert.That(body["is_live"]!.GetValue<bool>(), Is.False);
            Assert.That(body["is_active"]!.GetValue<bool>(), Is.True);
            Assert.That(body["allowed_symbols"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(body["max_lot_size"]!.ToJsonString(), Is.EqualTo("0.1"));
            Assert.That(body["risk_pct"]!.ToJsonString(), Is.EqualTo("0.01"));
            Assert.That(body["auto_trade_enabled"]!.GetValue<bool>(), Is.True);
            Assert.That(body["paper_trade_enabled"]!.GetValue<bool>(), Is.False);
            Assert.That(body["mt5_path"]!.GetValue<string>(), Is.Empty);
            Assert.That(body["account_type"]!.GetValue<string>(), Is.EqualTo("USD"));
            Assert.That(body["created_at"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$"));
            Assert.That(DateTimeOffset.Parse(body["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(body.ToJsonString(), Does.Not.Contain(TestAccounts.DemoPassword));
        }

        Assert.That(await Factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Returns201_WithTheSpecsDefaults_WhenOptionalFieldsAreOmitted()
    {
        var request = new JsonObject
        {
            ["name"] = "Minimal",
            ["broker"] = "MetaQuotes",
            ["login"] = TestAccounts.DemoLogin,
            ["password"] = TestAccounts.DemoPassword,
            ["server"] = TestAccounts.DemoServer,
        };

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["is_live"]!.GetValue<bool>(), Is.False);
            Assert.That(body["allowed_symbols"]!.AsArray(), Is.Empty);
            Assert.That(body["max_lot_size"]!.ToJsonString(), Is.EqualTo("0.1"));
            Assert.That(body["risk_pct"]!.ToJsonString(), Is.EqualTo("0.01"));
            Assert.That(body["auto_trade_enabled"]!.GetValue<bool>(), Is.True);
            Assert.That(body["mt5_path"]!.GetValue<string>(), Is.Empty);
            Assert.That(body["account_type"]!.GetValue<string>(), Is.EqualTo("USD"));
        }
    }

    [Test]
    public async Task Returns201_AndIgnoresUnknownFields()
    {
        var request = Requests.SpecExample();
        request["nickname"] = "ignored";
        request["is_active"] = false;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.ReadJsonAsync();
        Assert.That(body["is_active"]!.GetValue<bool>(), Is.True);
        Assert.That(body.AsObject().ContainsKey("nickname"), Is.False);
    }

    [TestCase("0.25", "0.001", "0.25", "0.001")]
    [TestCase("0.10", "0.0100", "0.1", "0.01")]
    [TestCase("100", "1", "100", "1")]
    [TestCase("0.00000001", "0.00000001", "0.00000001", "0.00000001")]
    [TestCase("\"0.5\"", "\"0.02\"", "0.5", "0.02")]
    public async Task Returns201_WithDecimalsExactlyAsSent(string lot, string risk, string expectedLot, string expectedRisk)
    {
        var json = Requests.SpecExample().ToJsonString()
            .Replace("\"max_lot_size\":0.1", $"\"max_lot_size\":{lot}", StringComparison.Ordinal)
            .Replace("\"risk_pct\":0.01", $"\"risk_pct\":{risk}", StringComparison.Ordinal);

        using var created = await Client.PostRawAsync(json, "application/json");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var read = await Client.GetAsync(created.Headers.Location);
        var body = await read.ReadJsonAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["max_lot_size"]!.ToJsonString(), Is.EqualTo(expectedLot));
            Assert.That(body["risk_pct"]!.ToJsonString(), Is.EqualTo(expectedRisk));
        }
    }

    [Test]
    public async Task Returns201_StoringTheServersSpelling_WhenASymbolDiffersOnlyInCase()
    {
        var request = Requests.SpecExample();
        request["allowed_symbols"] = new JsonArray("eurusd", "XAUUSD.RAW");

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.ReadJsonAsync();
        Assert.That(body["allowed_symbols"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "EURUSD", "XAUUSD.raw" }));
    }

    [Test]
    public async Task Returns201_ForALiveAccount_AndACentAccount_WhenTheRequestAgreesWithMt5()
    {
        var live = Requests.ForLogin(5550001);
        live["server"] = TestAccounts.LiveServer;
        live["password"] = TestAccounts.LivePassword;
        live["is_live"] = true;
        live["allowed_symbols"] = new JsonArray("EURUSD.m");
        var cent = Requests.ForLogin(5550002);
        cent["server"] = TestAccounts.CentServer;
        cent["password"] = TestAccounts.CentPassword;
        cent["account_type"] = "USC";
        cent["allowed_symbols"] = new JsonArray("EURUSDc");

        using var liveResponse = await Client.PostJsonAsync(live);
        using var centResponse = await Client.PostJsonAsync(cent);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(liveResponse.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(centResponse.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }

    [Test]
    public async Task Returns409_WhenLoginAlreadyRegistered()
    {
        using var first = await Client.PostJsonAsync(Requests.SpecExample());
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var second = await Client.PostJsonAsync(Requests.SpecExample());

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await second.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Account 12345678 already exists","code":"already_exists"}"""));
        Assert.That(await Factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Returns409_BeforeAskingMt5_WhenLoginAlreadyRegistered()
    {
        using var first = await Client.PostJsonAsync(Requests.SpecExample());
        var retry = Requests.SpecExample();
        retry["password"] = "a wrong password";

        using var second = await Client.PostJsonAsync(retry);

        // Had MT5 been asked, the wrong password would have been a 400.
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task RacingRegistrationsOfOneLogin_GiveOne201_AndOnly409s()
    {
        const int racers = 8;
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, racers).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await Client.PostJsonAsync(Requests.ForLogin(7770001));
            return response.StatusCode;
        })).ToArray();
        start.Set();
        var statuses = await Task.WhenAll(tasks);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(racers - 1));
        }

        Assert.That(await Factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [TestCase(TestAccounts.DemoLogin, "wrong-password", TestAccounts.DemoServer)]
    [TestCase(99999999L, TestAccounts.DemoPassword, TestAccounts.DemoServer)]
    [TestCase(TestAccounts.DemoLogin, TestAccounts.DemoPassword, "Unknown-Server")]
    public async Task Returns400_AndStoresNothing_WhenMt5RejectsTheCredentials(long login, string password, string server)
    {
        var request = Requests.SpecExample();
        request["login"] = login;
        request["password"] = password;
        request["server"] = server;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await response.ReadCodedErrorAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo("credentials_rejected"));
            Assert.That(detail, Does.Contain("rejected the credentials"));
            Assert.That(detail, Does.Contain($"login {login}"));
            Assert.That(detail, Does.Contain($"server {server}"));
            Assert.That(detail, Does.Not.Contain(password));
        }

        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns400_WhenIsLiveDisagreesWithTheTradeMode()
    {
        var request = Requests.SpecExample();
        request["is_live"] = true;

        using var response = await Client.PostJsonAsync(request);

        await AssertMismatchAsync(response, "account_mismatch", "is_live is true", "demo account", "set is_live to false");
    }

    [Test]
    public async Task Returns400_WhenAutoTradeIsAskedOfAnInvestorLogin()
    {
        var request = Requests.SpecExample();
        request["login"] = TestAccounts.InvestorLogin;
        request["password"] = TestAccounts.InvestorPassword;
        request["allowed_symbols"] = new JsonArray("EURUSD");

        using var response = await Client.PostJsonAsync(request);

        await AssertMismatchAsync(response, "account_mismatch", "auto_trade_enabled is true", "trading is not allowed", "master password");
    }

    [Test]
    public async Task Returns201_ForAnInvestorLogin_WhenAutoTradeIsOff()
    {
        var request = Requests.SpecExample();
        request["login"] = TestAccounts.InvestorLogin;
        request["password"] = TestAccounts.InvestorPassword;
        request["allowed_symbols"] = new JsonArray("EURUSD");
        request["auto_trade_enabled"] = false;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Returns400_WhenAccountTypeDisagreesWithTheCurrency()
    {
        var request = Requests.SpecExample();
        request["account_type"] = "USC";

        using var response = await Client.PostJsonAsync(request);

        await AssertMismatchAsync(response, "account_mismatch", "account_type is USC", "currency", "set account_type to USD");
    }

    [Test]
    public async Task Returns400_NamingUnknownSymbols_WithTheServersSuffixedVariants()
    {
        var request = Requests.ForLogin(5550003);
        request["server"] = TestAccounts.LiveServer;
        request["password"] = TestAccounts.LivePassword;
        request["is_live"] = true;
        request["allowed_symbols"] = new JsonArray("EURUSD", "USDJPY");

        using var response = await Client.PostJsonAsync(request);

        await AssertMismatchAsync(response, "symbols_unknown", "EURUSD (the server has EURUSDm, EURUSD.m)", "USDJPY", "exact symbol names");
    }

    [Test]
    public async Task Returns503_WithRetryAfter_AndStoresNothing_WhenMt5IsUnavailable()
    {
        await using var outage = new AccountRegistryFactory(new Dictionary<string, string?> { ["Mt5:Sandbox:Available"] = "false" });
        using var client = outage.CreateClient();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "the 503 estimate");
            Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"MT5 connection failed; try again later","code":"mt5_unavailable"}"""));
        }

        Assert.That(await outage.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns413_WhenTheBodyIsLargerThanTheLimit()
    {
        var request = Requests.SpecExample();
        request["name"] = new string('x', 70 * 1024);

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        await response.AssertErrorAsync("payload_too_large", Does.Contain("too large"));
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task Returns415_WithDetail_ForANonJsonContentType(string contentType)
    {
        using var response = await Client.PostRawAsync(Requests.SpecExample().ToJsonString(), contentType);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Unsupported Media Type","code":"unsupported_media_type"}"""));
        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns201_WhenTheContentTypeIsMissing_AsFastApiDid()
    {
        using var response = await Client.PostRawAsync(Requests.SpecExample().ToJsonString(), contentType: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    private async Task AssertMismatchAsync(HttpResponseMessage response, string expectedCode, params string[] phrases)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(code, Is.EqualTo(expectedCode));
        foreach (var phrase in phrases)
        {
            Assert.That(detail, Does.Contain(phrase));
        }

        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }
}
