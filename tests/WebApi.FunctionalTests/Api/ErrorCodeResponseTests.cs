using System.Net;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// What a gateway reports reaches the client as the body's code, with the spec's detail and the
/// right Retry-After: each kind of "unavailable" and each problem that keeps a request from being tried.
/// </summary>
public sealed class ErrorCodeResponseTests
{
    private readonly ScriptedGateway _gateway = new();
    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        _factory = new AccountRegistryFactory(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IMt5Gateway>(_gateway)));
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

    [TestCase(Mt5Unavailability.TerminalFailed, "terminal_failed")]
    [TestCase(Mt5Unavailability.TerminalTimeout, "terminal_timeout")]
    [TestCase(Mt5Unavailability.QueueFull, "queue_full")]
    [TestCase(Mt5Unavailability.QueueTimeout, "queue_timeout")]
    [TestCase(Mt5Unavailability.NoUsableTerminal, "no_usable_terminal")]
    [TestCase(Mt5Unavailability.ServiceStopping, "service_stopping")]
    [TestCase(Mt5Unavailability.Mt5Unavailable, "mt5_unavailable")]
    public async Task AnUnavailableVerdict_Is503_WithItsKindsCode_TheSpecsDetail_AndThe30sWait(Mt5Unavailability kind, string code)
    {
        _gateway.Verdict = new Mt5Verification.Unavailable("for the log only: terminal at C:\\mt5\\terminal64.exe", kind);

        using var response = await _client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(await response.ReadCodedErrorAsync(), Is.EqualTo(("MT5 connection failed; try again later", code)));
            Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
        }
    }

    [Test]
    public async Task AFullQueue_Is503QueueFull_WithTheGatewaysEstimateAsRetryAfter()
    {
        _gateway.Verdict = new Mt5Verification.Unavailable("queue full", Mt5Unavailability.QueueFull, TimeSpan.FromSeconds(7));

        using var response = await _client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.GetValues("Retry-After"), Is.EqualTo(new[] { "7" }));
            Assert.That(await response.ReadErrorCodeAsync(), Is.EqualTo("queue_full"));
        }
    }

    [TestCase(Mt5RequestProblem.CredentialsUnusable, "credentials_unusable")]
    [TestCase(Mt5RequestProblem.TerminalNotAllowed, "terminal_not_allowed")]
    [TestCase(Mt5RequestProblem.ServerNotAllowed, "server_not_allowed")]
    public async Task ARequestTheGatewayCannotTry_Is400_WithItsProblemsCode(Mt5RequestProblem problem, string code)
    {
        _gateway.Verdict = new Mt5Verification.InvalidRequest("the gateway's detail", problem);

        using var response = await _client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.RetryAfter, Is.Null);
            Assert.That(await response.ReadCodedErrorAsync(), Is.EqualTo(("the gateway's detail", code)));
        }
    }

    [Test]
    public async Task AVerifyOfAStoredAccount_CarriesTheCodeToo()
    {
        _gateway.Verdict = new Mt5Verification.Verified(new Domain.Mt5.Mt5AccountSnapshot(
            TestAccounts.DemoLogin, TestAccounts.DemoServer, "MetaQuotes Ltd.", "USD", Domain.Mt5.Mt5TradeMode.Demo, true, ["EURUSD", "GBPUSD"]));
        using var created = await _client.PostJsonAsync(Requests.SpecExample());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<long>();
        _gateway.Verdict = new Mt5Verification.Unavailable("timed out", Mt5Unavailability.TerminalTimeout);

        using var verify = await _client.PostAsync($"{Requests.AccountsPath}/{id}/verify", content: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await verify.ReadErrorCodeAsync(), Is.EqualTo("terminal_timeout"));
        }
    }

    /// <summary>Answers every check with <see cref="Verdict"/>.</summary>
    private sealed class ScriptedGateway : IMt5Gateway
    {
        public Mt5Verification Verdict { get; set; } = new Mt5Verification.Unavailable("no verdict scripted");

        public Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken) => Task.FromResult(Verdict);
    }
}
