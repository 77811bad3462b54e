using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>
/// The service's rules on servers and terminals hold whatever the gateway: here under the Sandbox
/// (RegisterThroughMtApi5Tests has them under MtApi5).
/// </summary>
public sealed class Mt5RequestPolicyTests
{
    // As long as mt5_path may be (the validator's bound).
    private static readonly string LongestTerminal = "/" + new string('m', 499);

    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;
    private CountingGateway? _mt5;

    [OneTimeSetUp]
    public void StartService()
    {
        _factory = new AccountRegistryFactory(
            new Dictionary<string, string?>
            {
                ["Mt5:AllowedServers:0"] = "MetaQuotes-*",
                ["Mt5:AllowedServers:1"] = "Broker-Live",
                ["Mt5:AllowedTerminalPaths:0"] = LongestTerminal,
                ["Mt5:AllowedTerminalPaths:1"] = "/opt/mt5/terminal64.exe",
            },
            services => CountingGateway.Install(services, counter => _mt5 = counter));
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [SetUp]
    public Task CleanState() => _factory.ResetDatabaseAsync();

    [Test]
    public async Task Returns400_WithoutAskingMt5_ForAServerThatIsNotAllowed()
    {
        var asked = _mt5?.Calls ?? 0;

        // Broker-Demo is a server the Sandbox knows, but not one this service allows.
        using var response = await _client.PostJsonAsync(Requests.ForLogin(5001));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain("not allowed on this service"));
        Assert.That(code, Is.EqualTo("server_not_allowed"));
        Assert.That(_mt5?.Calls ?? 0, Is.EqualTo(asked), "MT5 was not asked");
        Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns400_ForAnyMt5Path_WhenNoTerminalIsAllowed()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        var request = Requests.SpecExample();
        request["mt5_path"] = "/opt/mt5/terminal64.exe";

        using var response = await client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain("not an allowed terminal"));
        Assert.That(code, Is.EqualTo("terminal_not_allowed"));
        Assert.That(await factory.CountAccountsAsync(), Is.Zero);
    }

    [TestCase(@"\\attacker\share\terminal64.exe")]
    [TestCase("//attacker/share/terminal64.exe")]
    public async Task Returns400_ForAUncMt5Path(string path)
    {
        var request = Requests.SpecExample();
        request["mt5_path"] = path;

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain("local path"));
        Assert.That(code, Is.EqualTo("terminal_not_allowed"));
    }

    [TestCase("/opt/x/../mt5/./terminal64.exe", "/opt/mt5/terminal64.exe")]
    [TestCase("/opt/mt5/terminal64.exe", "/opt/mt5/terminal64.exe")]
    public async Task Returns201_StoringTheAllowedTerminalsPath_ForAnMt5PathWrittenAnyWay(string path, string stored)
    {
        var request = Requests.SpecExample();
        request["mt5_path"] = path;

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((await response.ReadJsonAsync())["mt5_path"]!.GetValue<string>(), Is.EqualTo(stored));
    }

    [Test]
    public async Task Returns201_ForAnAllowedMt5PathOfTheLongestLength()
    {
        var request = Requests.SpecExample();
        request["mt5_path"] = LongestTerminal;

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Returns201_ForAServerThatAPatternMatches_InAnyCase()
    {
        var request = Requests.SpecExample();
        request["server"] = "metaquotes-demo";

        using var response = await _client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }
}
