using System.Diagnostics;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.Sandbox;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5;

[TestFixture]
public sealed class SandboxMt5GatewayTests
{
    private static readonly Mt5Verification Rejected = new Mt5Verification.Rejected("Invalid account");

    private Mt5Options _options = null!;

    [SetUp]
    public void SetUp()
    {
        _options = new Mt5Options { Gateway = Mt5GatewayKind.Sandbox };
        _options.Sandbox.Accounts.Add(new SandboxAccount
        {
            Login = 51234567,
            Password = "exact-Secret1",
            Server = "Broker-Live",
            Company = "Broker Ltd",
            Currency = "USC",
            TradeMode = Mt5TradeMode.Real,
            TradeAllowed = false,
            Symbols = { "EURUSD.m", "XAUUSD.m" },
        });
        _options.Sandbox.Accounts.Add(new SandboxAccount
        {
            Login = 0,
            Password = "any-login-pass",
            Server = "Broker-Demo",
            Company = "Demo Company",
            Currency = "USD",
            TradeMode = Mt5TradeMode.Demo,
            TradeAllowed = true,
            Symbols = { "EURUSD", "GBPUSD" },
        });
    }

    private SandboxMt5Gateway CreateGateway()
    {
        var monitor = new Mock<IOptionsMonitor<Mt5Options>>();
        monitor.Setup(m => m.CurrentValue).Returns(() => _options);
        return new SandboxMt5Gateway(monitor.Object, TimeProvider.System);
    }

    private Task<Mt5Verification> VerifyAsync(long login, string password, string server, CancellationToken cancellationToken = default) =>
        CreateGateway().VerifyAsync(new Mt5LoginRequest(login, new Password(password), server, string.Empty), cancellationToken);

    [Test]
    public async Task VerifyAsync_ReturnsConfiguredSnapshot_ForExactAccount()
    {
        var result = await VerifyAsync(51234567, "exact-Secret1", "Broker-Live");

        Assert.That(result, Is.InstanceOf<Mt5Verification.Verified>());
        var snapshot = ((Mt5Verification.Verified)result).Account;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot.Login, Is.EqualTo(51234567));
            Assert.That(snapshot.Server, Is.EqualTo("Broker-Live"));
            Assert.That(snapshot.Company, Is.EqualTo("Broker Ltd"));
            Assert.That(snapshot.Currency, Is.EqualTo("USC"));
            Assert.That(snapshot.TradeMode, Is.EqualTo(Mt5TradeMode.Real));
            Assert.That(snapshot.TradeAllowed, Is.False);
            Assert.That(snapshot.Symbols, Is.EqualTo(new[] { "EURUSD.m", "XAUUSD.m" }));
        }
    }

    [TestCase("exact-secret1")]
    [TestCase("exact-Secret")]
    [TestCase("")]
    [TestCase("any-login-pass")]
    public async Task VerifyAsync_RejectsAsInvalidAccount_WhenPasswordWrong(string password)
    {
        var result = await VerifyAsync(51234567, password, "Broker-Live");

        Assert.That(result, Is.EqualTo(Rejected));
    }

    [Test]
    public async Task VerifyAsync_Rejects_WhenLoginUnknownOnServerWithoutWildcard()
    {
        var result = await VerifyAsync(51234568, "exact-Secret1", "Broker-Live");

        Assert.That(result, Is.EqualTo(Rejected));
    }

    [TestCase(1L)]
    [TestCase(51234567L)]
    [TestCase(9_999_999_999L)]
    public async Task VerifyAsync_AcceptsAnyLoginWithItsPassword_OnWildcardServer(long login)
    {
        var result = await VerifyAsync(login, "any-login-pass", "Broker-Demo");

        Assert.That(
            result,
            Is.EqualTo(new Mt5Verification.Verified(
                new Mt5AccountSnapshot(login, "Broker-Demo", "Demo Company", "USD", Mt5TradeMode.Demo, true, _options.Sandbox.Accounts[1].Symbols))));
    }

    [Test]
    public async Task VerifyAsync_Rejects_WhenWildcardPasswordWrong()
    {
        var result = await VerifyAsync(42, "exact-Secret1", "Broker-Demo");

        Assert.That(result, Is.EqualTo(Rejected));
    }

    [Test]
    public async Task VerifyAsync_PrefersExactEntry_OverWildcardOnSameServer()
    {
        _options.Sandbox.Accounts.Add(new SandboxAccount
        {
            Login = 777,
            Password = "exact-on-demo",
            Server = "Broker-Demo",
            Company = "Exact Company",
            Currency = "USC",
        });

        var result = await VerifyAsync(777, "exact-on-demo", "Broker-Demo");

        Assert.That(result, Is.InstanceOf<Mt5Verification.Verified>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((Mt5Verification.Verified)result).Account.Company, Is.EqualTo("Exact Company"));
            Assert.That(((Mt5Verification.Verified)result).Account.Currency, Is.EqualTo("USC"));
        }
    }

    [TestCase("broker-live")]
    [TestCase("BROKER-LIVE")]
    [TestCase("bRoKeR-lIvE")]
    public async Task VerifyAsync_MatchesServerCaseInsensitively(string server)
    {
        var result = await VerifyAsync(51234567, "exact-Secret1", server);

        Assert.That(result, Is.InstanceOf<Mt5Verification.Verified>());
        Assert.That(((Mt5Verification.Verified)result).Account.Server, Is.EqualTo("Broker-Live"), "the server's own spelling");
    }

    [TestCase("Broker-Demo")]
    [TestCase("Broker-Live2")]
    [TestCase("Broker-Live ")]
    [TestCase("")]
    public async Task VerifyAsync_Rejects_WhenAccountIsOnAnotherServer(string server)
    {
        // Broker-Demo has a wildcard, but with its own password.
        var result = await VerifyAsync(51234567, "exact-Secret1", server);

        Assert.That(result, Is.EqualTo(Rejected));
    }

    [Test]
    public async Task VerifyAsync_ReturnsUnavailable_WhenSandboxUnavailable()
    {
        _options.Sandbox.Available = false;

        var result = await VerifyAsync(51234567, "exact-Secret1", "Broker-Live");

        Assert.That(result, Is.InstanceOf<Mt5Verification.Unavailable>());
        Assert.That(((Mt5Verification.Unavailable)result).Reason, Does.Contain("Mt5:Sandbox:Available=false"));
        Assert.That(((Mt5Verification.Unavailable)result).Kind, Is.EqualTo(Mt5Unavailability.Mt5Unavailable), "not a terminal that failed: there is none");
    }

    [Test]
    public async Task VerifyAsync_ReadsCurrentOptions_OnEveryCall()
    {
        var gateway = CreateGateway();
        var request = new Mt5LoginRequest(51234567, new Password("exact-Secret1"), "Broker-Live", string.Empty);
        var before = await gateway.VerifyAsync(request, CancellationToken.None);

        _options = new Mt5Options { Sandbox = { Available = false } };
        var after = await gateway.VerifyAsync(request, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.InstanceOf<Mt5Verification.Verified>());
            Assert.That(after, Is.InstanceOf<Mt5Verification.Unavailable>());
        }
    }

    [Test]
    public async Task VerifyAsync_WaitsConfiguredLatency()
    {
        _options.Sandbox.LatencyMs = 200;
        var stopwatch = Stopwatch.StartNew();

        var result = await VerifyAsync(51234567, "exact-Secret1", "Broker-Live");

        stopwatch.Stop();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.InstanceOf<Mt5Verification.Verified>());
            Assert.That(stopwatch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(180));
        }
    }

    [Test]
    public void VerifyAsync_ThrowsOperationCanceled_WhenCancelledDuringLatency()
    {
        _options.Sandbox.LatencyMs = 5000;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var stopwatch = Stopwatch.StartNew();

        Assert.That(
            () => VerifyAsync(51234567, "exact-Secret1", "Broker-Live", cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(stopwatch.ElapsedMilliseconds, Is.LessThan(4000), "cancelled, not waited out");
    }
}
