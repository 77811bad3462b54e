using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>The whole API with Mt5:Gateway=MtApi5, verifying against the terminal simulator.</summary>
public sealed class RegisterThroughMtApi5Tests
{
    private const string Server = "Sim-Live";
    private const string Password = "Sim-Password-1";

    private SimulatorInstalls _installs = null!;
    private string _terminal = null!;
    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        _installs = new SimulatorInstalls();
        var terminal = _installs.CreateInstall("terminal");
        _terminal = terminal;
        _installs.WriteAccounts(
            new SimulatedAccount(2001, Password, Server, ["EURUSD.m", "GBPUSD.m", "XAUUSD"], TradeMode: "real"),
            new SimulatedAccount(2002, Password, Server, ["EURUSD.m"], Behaviour: "reject_password", TradeMode: "real"),
            new SimulatedAccount(2003, Password, Server, ["EURUSD.m"], Behaviour: "unreachable", TradeMode: "real"),
            new SimulatedAccount(2004, Password, Server, ["EURUSD.m"], Behaviour: "exit", TradeMode: "real"),
            new SimulatedAccount(2005, Password, Server, ["EURUSD.m"], Behaviour: "no_port", TradeMode: "real"),
            new SimulatedAccount(2006, Password, Server, ["EURUSD.m"], Behaviour: "silent", TradeMode: "real"),
            new SimulatedAccount(2007, Password, Server, ["EURUSD.m"], Behaviour: "empty_experts", TradeMode: "real"),
            new SimulatedAccount(2008, Password, Server, ["EURUSD.m"], Behaviour: "other_login", TradeMode: "real"),
            new SimulatedAccount(2009, Password, Server, ["EURUSD.m"], DelayMs: 1000, TradeMode: "real"));
        _factory = new AccountRegistryFactory(new Dictionary<string, string?>(_installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:TerminalPath"] = terminal,
            ["Mt5:VerifyTimeoutSeconds"] = "4",
            ["Mt5:QueueTimeoutSeconds"] = "1",
            ["Mt5:AllowedServers:0"] = "Sim-*",
            ["Mt5:CommandTimeoutSeconds"] = "1",
            ["Mt5:PollIntervalMilliseconds"] = "100",
            // The behaviours that never reach the expert (exit, no_port, silent, empty_experts) would
            // otherwise rest the only install, in whatever order the tests run.
            ["Mt5:InstallFailuresBeforeRest"] = "100",
        });
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _installs.Dispose();
    }

    [SetUp]
    public Task CleanState() => _factory.ResetDatabaseAsync();

    [TearDown]
    public void NothingLeftBehind()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_installs.RunningSimulators(), Is.Empty);
            Assert.That(_installs.LeftoverFiles(), Is.Empty);
            // Every level is captured (Verbose): the gateway's Debug lines included.
            Assert.That(_factory.LogEvents, Is.Not.Empty);
            Assert.That(_factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains(Password).And.None.Contains("wrong-password"),
                "no password is logged, at any level");
        }
    }

    [Test]
    public async Task Returns201_WithTheServersSymbolSpelling()
    {
        using var response = await _client.PostJsonAsync(Request(2001, Password, "eurusd.M", "XAUUSD"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        Assert.That(body["allowed_symbols"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "EURUSD.m", "XAUUSD" }));
    }

    [Test]
    public async Task Returns400_NamingTheSuffixedVariant_ForASymbolTheServerSpellsDifferently()
    {
        using var response = await _client.PostJsonAsync(Request(2001, Password, "EURUSD"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("EURUSD (the server has EURUSD.m)"));
    }

    [TestCase(2001L, "wrong-password")]
    [TestCase(2002L, Password)]
    [TestCase(2999L, Password)]
    public async Task Returns400_WhenTheTerminalRejectsTheCredentials(long login, string password)
    {
        using var response = await _client.PostJsonAsync(Request(login, password, "EURUSD.m"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain($"rejected the credentials for login {login}"));
        Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns503_WithRetryAfter_WhenTheTerminalNeverReachesTheServer()
    {
        using var response = await _client.PostJsonAsync(Request(2003, Password, "EURUSD.m"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
    }

    // Every simulator behaviour, through the whole API: its verdict becomes the endpoint's status.
    [TestCase(2009L, HttpStatusCode.Created, TestName = "Behaviour_LogsInAfterADelay_Returns201")]
    [TestCase(2002L, HttpStatusCode.BadRequest, TestName = "Behaviour_RejectPassword_Returns400")]
    [TestCase(2008L, HttpStatusCode.BadRequest, TestName = "Behaviour_OtherLogin_Returns400")]
    [TestCase(2003L, HttpStatusCode.ServiceUnavailable, TestName = "Behaviour_Unreachable_Returns503")]
    [TestCase(2004L, HttpStatusCode.ServiceUnavailable, TestName = "Behaviour_Exit_Returns503")]
    [TestCase(2005L, HttpStatusCode.ServiceUnavailable, TestName = "Behaviour_NoPort_Returns503")]
    [TestCase(2006L, HttpStatusCode.ServiceUnavailable, TestName = "Behaviour_Silent_Returns503")]
    [TestCase(2007L, HttpStatusCode.ServiceUnavailable, TestName = "Behaviour_EmptyExperts_Returns503")]
    public async Task EachSimulatorBehaviour_MapsToItsStatus(long login, HttpStatusCode expected)
    {
        using var response = await _client.PostJsonAsync(Request(login, Password, "EURUSD.m"));

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        Assert.That(await _factory.CountAccountsAsync(), Is.EqualTo(expected == HttpStatusCode.Created ? 1 : 0));
    }

    [Test]
    public async Task Returns400_ForAnMt5PathThatIsNotAnAllowedTerminal()
    {
        var request = Request(2001, Password, "EURUSD.m");
        request["mt5_path"] = "/bin/sh";

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("not an allowed terminal"));
    }

    [Test]
    public async Task Returns201_StoringTheTerminalsFullPath_ForAnMt5PathWrittenRoundabout()
    {
        var request = Request(2001, Password, "EURUSD.m");
        var folder = Path.GetDirectoryName(_terminal)!;
        request["mt5_path"] = Path.Combine(folder, "..", Path.GetFileName(folder), ".", Path.GetFileName(_terminal));

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((await response.ReadJsonAsync())["mt5_path"]!.GetValue<string>(), Is.EqualTo(_terminal));
    }

    [Test]
    public async Task Returns400_ForAPasswordTheTerminalsStartUpFileCannotCarry()
    {
        using var response = await _client.PostJsonAsync(Request(2001, "Sim;Password", "EURUSD.m"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var detail = (await response.ReadJsonAsync())["detail"]!.GetValue<string>();
        Assert.That(detail, Does.Contain("start-up file"));
        Assert.That(detail, Does.Not.Contain("Sim;Password"));
    }

    [Test]
    public async Task Returns400_ForAServerThatIsNotAllowed_WithoutLaunchingAnything()
    {
        var request = Request(2001, Password, "EURUSD.m");
        request["server"] = "Attacker-Server";
        var journal = _installs.JournalLength();

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("not allowed on this service"));
        Assert.That(_installs.JournalLength(), Is.EqualTo(journal), "no terminal was started");
    }

    [Test]
    public async Task Returns503_WithRetryAfter_AfterTheQueueTimeout_WhileAnotherVerificationHoldsTheInstall()
    {
        // 2003's server is never reached: it holds the only install for the whole verify timeout (4 s).
        var holding = _client.PostJsonAsync(Request(2003, Password, "EURUSD.m"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_installs.RunningSimulators().Count == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the first verification never started its terminal");
            await Task.Delay(20);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var waiting = await _client.PostJsonAsync(Request(2001, Password, "EURUSD.m")).WaitAsync(TimeSpan.FromSeconds(30));
        watch.Stop();

        Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(waiting.Headers.RetryAfter, Is.Not.Null);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "it waited the queue timeout (1 s), not the verify timeout (4 s)");
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    // U+2028 and its kin were once rewritten to CRLF in the start-up file, after validation.
    [TestCase("password", "Pass-3\u2028KeepPrivate=1\u2028ProxyEnable=1\u2028ProxyAddress=127.0.0.1:1")]
    [TestCase("password", "Pass-3\u2029ProxyEnable=1")]
    [TestCase("password", "Pass-3\u0085ProxyEnable=1")]
    [TestCase("server", "Sim-Live\u2028ProxyEnable=1")]
    [TestCase("server", "Sim-Live\u200B")]
    public async Task Returns422_ForALineOrFormatCharacter_WithoutLaunchingAnything(string field, string value)
    {
        var request = Request(2001, Password, "EURUSD.m");
        request[field] = value;
        var journal = _installs.JournalLength();

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var errors = await response.ReadValidationErrorsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Requests.Loc(errors[0]), Is.EqualTo($"body.{field}"));
            Assert.That(errors.ToJsonString(), field == "password" ? Does.Not.Contain("ProxyEnable") : Does.Contain("ProxyEnable").Or.Contain("Sim-Live"));
            Assert.That(_installs.JournalLength(), Is.EqualTo(journal), "no terminal was started");
            Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
        }
    }

    private static JsonObject Request(long login, string password, params string[] symbols) => new()
    {
        ["name"] = $"Bot {login}",
        ["broker"] = "Sim Broker",
        ["login"] = login,
        ["password"] = password,
        ["server"] = Server,
        ["is_live"] = true,
        ["allowed_symbols"] = new JsonArray(symbols.Select(s => (JsonNode)s).ToArray()),
    };
}
