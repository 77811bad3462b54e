using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace AccountRegistry.Application.UnitTests.Common.Credentials;

/// <summary>
/// The one credential check that register, change-password and re-verify share: what it asks MT5,
/// how it maps each verdict, what it counts against the lockout, and the per-login turn.
/// </summary>
public sealed class CredentialCheckTests
{
    private const string Plaintext = "Pl@inText-S3cret!";
    private const long Login = 12345678;
    private const string Server = "MetaQuotes-Demo";
    private const string Terminal = "/srv/mt5/terminal64.exe";
    private const string Client = "203.0.113.7";

    private Mock<IMt5Gateway> _mt5 = null!;
    private Mock<ILoginLockout> _lockout = null!;
    private CredentialCheck _check = null!;

    [SetUp]
    public void SetUp()
    {
        _mt5 = new Mock<IMt5Gateway>(MockBehavior.Strict);
        _lockout = new Mock<ILoginLockout>();
        _lockout.Setup(l => l.LockedOutForAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((TimeSpan?)null);
        _check = new CredentialCheck(
            _mt5.Object,
            _lockout.Object,
            new CredentialChecksInProgress(),
            Mock.Of<ICaller>(c => c.Address == Client && c.Id == "address:" + Client),
            NullLogger<CredentialCheck>.Instance);
    }

    private static Mt5AccountSnapshot Snapshot() => new(
        Login: Login,
        Server: Server,
        Company: "MetaQuotes Ltd.",
        Currency: "USD",
        TradeMode: Mt5TradeMode.Demo,
        TradeAllowed: true,
        Symbols: ["EURUSD"]);

    private void GatewayReturns(Mt5Verification verdict) =>
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(verdict);

    private async Task<CredentialVerdict> VerifyAsync(CancellationToken cancellationToken = default)
    {
        using var turn = _check.TryBegin(Login, Server);
        Assert.That(turn, Is.Not.Null);
        return await turn!.VerifyAsync(new Password(Plaintext), Terminal, cancellationToken);
    }

    private void VerifyNothingCounted()
    {
        _lockout.Verify(l => l.RecordRejectionAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _lockout.Verify(l => l.ResetAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Verify_AsksMt5WithTheTurnsLoginAndServer_AndThePasswordAndTerminalGiven()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        using var cts = new CancellationTokenSource();

        await VerifyAsync(cts.Token);

        _mt5.Verify(
            m => m.VerifyAsync(
                It.Is<Mt5LoginRequest>(r => r.Login == Login && r.Server == Server && r.Password.Reveal() == Plaintext && r.TerminalPath == Terminal),
                cts.Token),
            Times.Once);
    }

    [Test]
    public async Task Verify_IsAccepted_WithWhatMt5Reported_AndResetsTheCallersCount()
    {
        var snapshot = Snapshot();
        GatewayReturns(new Mt5Verification.Verified(snapshot));

        var verdict = await VerifyAsync();

        Assert.That(verdict, Is.EqualTo(new CredentialVerdict.Accepted(snapshot)));
        Assert.That(verdict.AccountOrThrow(), Is.SameAs(snapshot));
        _lockout.Verify(l => l.ResetAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);
        _lockout.Verify(l => l.RecordRejectionAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Verify_IsAccepted_WhenMt5SpellsTheServerInAnotherCase()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Server = "METAQUOTES-DEMO" }));

        Assert.That(await VerifyAsync(), Is.TypeOf<CredentialVerdict.Accepted>());
    }

    [Test]
    public async Task Verify_IsARejectionResult_NotAnException_AndCountsIt()
    {
        GatewayReturns(new Mt5Verification.Rejected("Invalid account"));

        var verdict = await VerifyAsync();

        Assert.That(verdict, Is.EqualTo(new CredentialVerdict.Rejected(Login, Server, "Invalid account")));
        _lockout.Verify(l => l.RecordRejectionAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);
        _lockout.Verify(l => l.ResetAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task AccountOrThrow_TurnsARejectionIntoTheCredentialsRejectedError()
    {
        GatewayReturns(new Mt5Verification.Rejected("Invalid account"));
        var verdict = await VerifyAsync();

        var exception = Assert.Throws<Mt5CredentialsRejectedException>(() => verdict.AccountOrThrow());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Login, Is.EqualTo(Login));
            Assert.That(exception.Server, Is.EqualTo(Server));
            Assert.That(exception.Message, Does.Contain("login 12345678 on server MetaQuotes-Demo").And.Contain("Invalid account"));
            Assert.That(exception.ToString(), Does.Not.Contain(Plaintext));
        }
    }

    [TestCase(87654321L, Server, TestName = "Verify_IsARejection_WhenTheTerminalLoggedIntoAnotherLogin")]
    [TestCase(Login, "MetaQuotes-Live", TestName = "Verify_IsARejection_WhenTheTerminalLoggedIntoAnotherServer")]
    public async Task Verify_IsARejection_WhenTheTerminalLoggedIntoAnotherAccount(long reportedLogin, string reportedServer)
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Login = reportedLogin, Server = reportedServer }));

        var verdict = await VerifyAsync();

        // Which account the terminal holds is not the caller's business.
        Assert.That(verdict, Is.EqualTo(new CredentialVerdict.Rejected(Login, Server, "the terminal logged into a different account")));
        _lockout.Verify(l => l.RecordRejectionAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Verify_Throws429_WithoutAskingMt5_WhileTheCallerIsLockedOut()
    {
        _lockout.Setup(l => l.LockedOutForAsync(Login, Client, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.FromMinutes(7));

        var exception = Assert.ThrowsAsync<LoginLockedOutException>(() => VerifyAsync());

        Assert.That(exception.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(7)));
        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingCounted();
    }

    [Test]
    public void Verify_Throws503_AndCountsNothing_WhenMt5GivesNoVerdict()
    {
        GatewayReturns(new Mt5Verification.Unavailable("terminal did not start"));

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(() => VerifyAsync());

        Assert.That(exception.Message, Is.EqualTo("terminal did not start"));
        VerifyNothingCounted();
    }

    [Test]
    public void Verify_Throws503_WithTheGatewaysKindAndWait()
    {
        GatewayReturns(new Mt5Verification.Unavailable("queue full", Mt5Unavailability.QueueFull, TimeSpan.FromSeconds(7)));

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(() => VerifyAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Kind, Is.EqualTo(Mt5Unavailability.QueueFull));
            Assert.That(exception.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(exception.InnerException, Is.Null);
        }
    }

    [Test]
    public void Verify_Throws503_WhenTheVerdictIsNull()
    {
        GatewayReturns(null!);

        Assert.That(Assert.ThrowsAsync<Mt5UnavailableException>(() => VerifyAsync()).Message, Does.Contain("no verdict"));
        VerifyNothingCounted();
    }

    [Test]
    public void Verify_Throws503WithTheFault_WhenTheGatewayThrows()
    {
        var fault = new InvalidOperationException("pipe broken");
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(fault);

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(() => VerifyAsync());

        Assert.That(exception.InnerException, Is.SameAs(fault));
        VerifyNothingCounted();
    }

    [Test]
    public void Verify_Throws400_WithTheGatewaysProblem()
    {
        GatewayReturns(new Mt5Verification.InvalidRequest("the password has a line break", Mt5RequestProblem.CredentialsUnusable));

        var exception = Assert.ThrowsAsync<Mt5RequestInvalidException>(() => VerifyAsync());

        Assert.That(exception.Problem, Is.EqualTo(Mt5RequestProblem.CredentialsUnusable));
    }

    [Test]
    public void Verify_Throws400_WhenTheGatewayCannotTryTheRequest()
    {
        GatewayReturns(new Mt5Verification.InvalidRequest("mt5_path is not an allowed terminal"));

        var exception = Assert.ThrowsAsync<Mt5RequestInvalidException>(() => VerifyAsync());

        Assert.That(exception.Message, Is.EqualTo("mt5_path is not an allowed terminal"));
        VerifyNothingCounted();
    }

    [Test]
    public void Verify_PropagatesCancellation_WhenTheRequestIsCancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = new OperationCanceledException(cts.Token);
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), cts.Token)).ThrowsAsync(cancelled);

        Assert.That(Assert.ThrowsAsync<OperationCanceledException>(() => VerifyAsync(cts.Token)), Is.SameAs(cancelled));
        VerifyNothingCounted();
    }

    [Test]
    public async Task Verify_CountsTheRejection_EvenWhenTheClientLeavesAsMt5Answers()
    {
        using var request = new CancellationTokenSource();
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await request.CancelAsync();
                return new Mt5Verification.Rejected("Invalid account");
            });

        await VerifyAsync(request.Token);

        _lockout.Verify(l => l.RecordRejectionAsync(Login, Client, It.Is<CancellationToken>(t => !t.CanBeCanceled)), Times.Once);
    }

    [Test]
    public void TryBegin_GivesOneTurnPerLoginAndServer_WhateverTheServersCase()
    {
        using var first = _check.TryBegin(Login, Server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(_check.TryBegin(Login, Server.ToUpperInvariant()), Is.Null);
        }
    }

    [Test]
    public void TryBegin_GivesTurnsForOtherServersAndLogins_MeanwhileAndTheSameOneAfterwards()
    {
        var first = _check.TryBegin(Login, Server);
        using var otherServer = _check.TryBegin(Login, "Black-Hole-Server");
        using var otherLogin = _check.TryBegin(Login + 1, Server);
        first!.Dispose();
        using var again = _check.TryBegin(Login, Server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(otherServer, Is.Not.Null);
            Assert.That(otherLogin, Is.Not.Null);
            Assert.That(again, Is.Not.Null);
        }
    }

    [Test]
    public void Verify_IsRefused_OnATurnGivenBack()
    {
        var turn = _check.TryBegin(Login, Server)!;
        turn.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(() => turn.VerifyAsync(new Password(Plaintext), Terminal, CancellationToken.None));
        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
