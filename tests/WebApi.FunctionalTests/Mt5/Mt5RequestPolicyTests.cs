using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>
/// The service's rules on servers and terminals hold whatever the gateway: here under the Sandbox
/// (RegisterThroughMtApi5Tests has them under MtApi5).
/// </summary>
public sealed class Mt5RequestPolicyTests
{
    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;
    private CountingGateway? _mt5;

    [OneTimeSetUp]
    public void StartService()
    {
        _factory = new AccountRegistryFactory(
            new Dictionary<string, string?> { ["Mt5:AllowedServers:0"] = "MetaQuotes-*", ["Mt5:AllowedServers:1"] = "Broker-Live" },
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
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("not allowed on this service"));
        Assert.That(_mt5?.Calls ?? 0, Is.EqualTo(asked), "MT5 was not asked");
        Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
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
