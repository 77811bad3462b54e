using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace AccountRegistry.Application.UnitTests.Accounts.RegisterAccount;

public sealed class RegisterAccountCommandHandlerTests
{
    private const string Plaintext = "Pl@inText-S3cret!";
    private const long Login = 12345678;
    private const string Server = "MetaQuotes-Demo";
    private const string Client = "203.0.113.7";

    // 0.1234567 s past the second: the handler's account keeps whole microseconds only.
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 24, 19, 48, 20, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    private static readonly EncryptedPassword Sealed = new("v1:key-1:c2VhbGVkIGJ5IHRoZSBwcm90ZWN0b3I=");

    private Mock<IAccountRepository> _accounts = null!;
    private Mock<IMt5Gateway> _mt5 = null!;
    private Mock<IMt5RequestPolicy> _policy = null!;
    private Mock<IPasswordProtector> _protector = null!;
    private Mock<ILoginLockout> _lockout = null!;
    private CredentialChecksInProgress _inProgress = null!;
    private RegisterAccountCommandHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _accounts = new Mock<IAccountRepository>(MockBehavior.Strict);
        _mt5 = new Mock<IMt5Gateway>(MockBehavior.Strict);
        _policy = new Mock<IMt5RequestPolicy>();
        _policy.Setup(p => p.Check(It.IsAny<string>(), It.IsAny<string>()))
            .Returns((string _, string path) => Mt5RequestDecision.Allow(path));
        _protector = new Mock<IPasswordProtector>(MockBehavior.Strict);
        _lockout = new Mock<ILoginLockout>();
        _lockout.Setup(l => l.LockedOutForAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((TimeSpan?)null);

        _accounts.Setup(a => a.LoginExistsAsync(It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _accounts.Setup(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _protector.Setup(p => p.Protect(It.IsAny<Password>(), It.IsAny<long>(), It.IsAny<string>())).Returns(Sealed);
        _inProgress = new CredentialChecksInProgress();

        var caller = Mock.Of<ICaller>(c => c.Address == Client && c.Id == "address:" + Client
            && c.Actor == new AuditActor("address:" + Client, "trace-1"));
        var credentials = new CredentialCheck(
            _mt5.Object,
            _lockout.Object,
            _inProgress,
            caller,
            NullLogger<CredentialCheck>.Instance);
        _handler = new RegisterAccountCommandHandler(
            _accounts.Object,
            _policy.Object,
            _protector.Object,
            credentials,
            caller,
            new FixedTimeProvider(Now),
            NullLogger<RegisterAccountCommandHandler>.Instance);
    }

    private static RegisterAccountCommand Command() => new()
    {
        Name = "Live Trading Account",
        Broker = "MetaQuotes",
        Login = Login,
        Password = new Password(Plaintext),
        Server = Server,
        IsLive = false,
        AllowedSymbols = ["eurusd", "GBPUSD"],
        MaxLotSize = 0.10m,
        RiskPct = 0.01m,
        AutoTradeEnabled = true,
        Mt5Path = @"C:\MT5\terminal64.exe",
        AccountType = "USD",
    };

    private static Mt5AccountSnapshot Snapshot() => new(
        Login: Login,
        Server: Server,
        Company: "MetaQuotes Ltd.",
        Currency: "USD",
        TradeMode: Mt5TradeMode.Demo,
        TradeAllowed: true,
        Symbols: ["EURUSD", "GBPUSD", "XAUUSD"]);

    private void GatewayReturns(Mt5Verification verdict) =>
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(verdict);

    private void GatewayThrows(Exception exception) =>
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(exception);

    private void VerifyNothingStored()
    {
        _accounts.Verify(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()), Times.Never);
        _protector.Verify(p => p.Protect(It.IsAny<Password>(), It.IsAny<long>(), It.IsAny<string>()), Times.Never);
    }

    private static void AssertDoesNotLeakThePassword(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            Assert.That(current.Message, Does.Not.Contain(Plaintext));
        }

        Assert.That(exception.ToString(), Does.Not.Contain(Plaintext));
    }

    [Test]
    public void Handle_Returns409_WhenLoginAlreadyRegistered()
    {
        _accounts.Setup(a => a.LoginExistsAsync(Login, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var exception = Assert.ThrowsAsync<AccountAlreadyExistsException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Login, Is.EqualTo(Login));
            Assert.That(exception.Message, Is.EqualTo("Account 12345678 already exists"));
        }

        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingStored();
    }

    [Test]
    public void Handle_Returns400_WithoutAskingMt5_WhenThePolicyRefusesTheRequest()
    {
        _policy.Setup(p => p.Check(Server, It.IsAny<string>())).Returns(Mt5RequestDecision.Refuse(Mt5RequestProblem.ServerNotAllowed, "This MT5 server is not allowed on this service"));

        var exception = Assert.ThrowsAsync<Mt5RequestInvalidException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.Message, Is.EqualTo("This MT5 server is not allowed on this service"));
        Assert.That(exception.Problem, Is.EqualTo(Mt5RequestProblem.ServerNotAllowed), "the policy's problem, for the 400's code");
        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingStored();
    }

    [Test]
    public async Task Handle_VerifiesWithAndStores_TheTerminalThePolicyNames()
    {
        const string canonical = "/srv/mt5/verify-1/terminal64.exe";
        _policy.Setup(p => p.Check(Server, Command().Mt5Path)).Returns(Mt5RequestDecision.Allow(canonical));
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        Account? stored = null;
        _accounts.Setup(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()))
            .Callback<Account, CancellationToken>((account, _) => stored = account)
            .Returns(Task.CompletedTask);

        await _handler.Handle(Command(), CancellationToken.None);

        _mt5.Verify(m => m.VerifyAsync(It.Is<Mt5LoginRequest>(r => r.TerminalPath == canonical), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(stored!.Mt5Path, Is.EqualTo(canonical));
    }

    [Test]
    public async Task Handle_RefusesASecondRegistrationOfTheLogin_WhileTheFirstIsWithMt5()
    {
        var verdict = new TaskCompletionSource<Mt5Verification>(TaskCreationOptions.RunContinuationsAsynchronously);
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>())).Returns(verdict.Task);
        var first = _handler.Handle(Command(), CancellationToken.None).AsTask();

        var second = Assert.ThrowsAsync<RegistrationInProgressException>(async () => await _handler.Handle(Command(), CancellationToken.None));
        var otherLogin = Command() with { Login = Login + 1 };
        var third = _handler.Handle(otherLogin, CancellationToken.None).AsTask();

        verdict.SetResult(new Mt5Verification.Rejected("Invalid account"));
        Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await first);
        Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await third);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Message, Is.EqualTo("A registration of account 12345678 is already in progress; try again shortly"));
            AssertDoesNotLeakThePassword(second);
        }

        // One MT5 call per login: the refused request never reached the gateway or the lockout check.
        _mt5.Verify(m => m.VerifyAsync(It.Is<Mt5LoginRequest>(r => r.Login == Login), It.IsAny<CancellationToken>()), Times.Once);
        _lockout.Verify(l => l.LockedOutForAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);

        // The turn is given back however the first one ended: the next attempt reaches MT5 again.
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        var retried = await _handler.Handle(Command(), CancellationToken.None);
        Assert.That(retried.Login, Is.EqualTo(Login));
    }

    [Test]
    public void Handle_ThrowsCredentialsRejected_WhenMt5RejectsTheLogin()
    {
        GatewayReturns(new Mt5Verification.Rejected("Invalid account"));

        var exception = Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Login, Is.EqualTo(Login));
            Assert.That(exception.Server, Is.EqualTo(Server));
            Assert.That(exception.Message, Does.Contain("login 12345678").And.Contain("server MetaQuotes-Demo"));
            Assert.That(exception.Message, Does.Contain("Invalid account"));
            AssertDoesNotLeakThePassword(exception);
        }

        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsUnavailable_WhenMt5GivesNoVerdict()
    {
        GatewayReturns(new Mt5Verification.Unavailable("terminal did not start"));

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.Message, Is.EqualTo("terminal did not start"));
        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsUnavailable_WhenTheVerdictIsNull()
    {
        GatewayReturns(null!);

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.Message, Does.Contain("no verdict"));
        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsUnavailableWithInner_WhenTheGatewayFaults()
    {
        var fault = new InvalidOperationException("pipe broken");
        GatewayThrows(fault);

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.InnerException, Is.SameAs(fault));
            Assert.That(exception.Message, Does.Contain(nameof(InvalidOperationException)));
            AssertDoesNotLeakThePassword(exception);
        }

        VerifyNothingStored();
    }

    [Test]
    public void Handle_PassesOnTheGatewaysOwnUnavailableException()
    {
        var unavailable = new Mt5UnavailableException("no terminal configured");
        GatewayThrows(unavailable);

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception, Is.SameAs(unavailable));
    }

    [Test]
    public async Task Handle_PropagatesCancellation_WhenTheRequestIsCancelled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var cancelled = new OperationCanceledException(cts.Token);
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), cts.Token)).ThrowsAsync(cancelled);

        var exception = Assert.ThrowsAsync<OperationCanceledException>(async () => await _handler.Handle(Command(), cts.Token));

        Assert.That(exception, Is.SameAs(cancelled));
        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsUnavailable_WhenTheGatewayTimesOutButTheRequestIsNotCancelled()
    {
        using var timeout = new CancellationTokenSource();
        timeout.Cancel();
        var timedOut = new OperationCanceledException("MT5 login timed out", null, timeout.Token);
        GatewayThrows(timedOut);
        using var request = new CancellationTokenSource();

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), request.Token));

        Assert.That(exception.InnerException, Is.SameAs(timedOut));
        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsUnavailable_WhenTheGatewayThrowsTaskCanceledWithoutCancellation()
    {
        GatewayThrows(new TaskCanceledException("HttpClient.Timeout elapsed"));

        var exception = Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.InnerException, Is.TypeOf<TaskCanceledException>());
    }

    [Test]
    public void Handle_ThrowsCredentialsRejected_WhenTheTerminalLoggedIntoAnotherLogin()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Login = 87654321 }));

        var exception = Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Login, Is.EqualTo(Login));
            Assert.That(exception.Message, Does.Contain("login 12345678 on server MetaQuotes-Demo"));
            Assert.That(exception.Message, Does.Contain("logged into a different account"));
            // Which account the terminal holds is not the caller's business.
            Assert.That(exception.Message, Does.Not.Contain("87654321"));
            AssertDoesNotLeakThePassword(exception);
        }

        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsCredentialsRejected_WhenTheTerminalLoggedIntoAnotherServer()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Server = "MetaQuotes-Live" }));

        var exception = Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.Message, Does.Contain("logged into a different account"));
        Assert.That(exception.Message, Does.Not.Contain("MetaQuotes-Live"));
        VerifyNothingStored();
    }

    [Test]
    public async Task Handle_AcceptsTheServerNameInAnotherCase()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Server = "METAQUOTES-DEMO" }));

        var response = await _handler.Handle(Command(), CancellationToken.None);

        Assert.That(response.Server, Is.EqualTo(Server));
        _accounts.Verify(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()), Times.Once);
        // The password is sealed for the server as stored (the request's spelling), not as MT5 spells it.
        _protector.Verify(p => p.Protect(It.IsAny<Password>(), Login, Server), Times.Once);
    }

    [Test]
    public void Handle_ThrowsMismatch_WhenTheRequestDisagreesWithMt5()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { TradeMode = Mt5TradeMode.Real }));

        var exception = Assert.ThrowsAsync<Mt5AccountMismatchException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Problems, Has.Count.EqualTo(1));
            Assert.That(exception.OnlySymbolsUnknown, Is.False);
            Assert.That(exception.Message, Does.Contain("is_live is false").And.Contain("set is_live to true"));
            AssertDoesNotLeakThePassword(exception);
        }

        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsMismatchSayingOnlySymbolsAreUnknown_WhenNothingElseDisagrees()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Symbols = ["EURUSD.raw", "GBPUSD.raw"] }));

        var exception = Assert.ThrowsAsync<Mt5AccountMismatchException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.OnlySymbolsUnknown, Is.True);
        VerifyNothingStored();
    }

    [Test]
    public void Handle_ThrowsMismatchListingEveryProblem_WhenSeveralDisagree()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with
        {
            TradeAllowed = false,
            Currency = "USC",
            Symbols = ["EURUSD.raw", "GBPUSD.raw"],
        }));

        var exception = Assert.ThrowsAsync<Mt5AccountMismatchException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Problems, Has.Count.EqualTo(3));
            Assert.That(exception.Message, Is.EqualTo(string.Join("; and ", exception.Problems)));
            Assert.That(exception.Message, Does.Contain("auto_trade_enabled").And.Contain("account_type").And.Contain("allowed_symbols"));
            Assert.That(exception.Message, Does.Contain("eurusd (the server has EURUSD.raw)"));
            AssertDoesNotLeakThePassword(exception);
        }

        VerifyNothingStored();
    }

    [Test]
    public async Task Handle_StoresTheAccount_WithServerSymbolsAndTheEncryptedPassword()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        Account? stored = null;
        _accounts.Setup(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()))
            .Callback<Account, CancellationToken>((account, _) => stored = account)
            .Returns(Task.CompletedTask);
        var command = Command();

        await _handler.Handle(command, CancellationToken.None);

        _accounts.Verify(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()), Times.Once);
        _protector.Verify(p => p.Protect(command.Password, Login, Server), Times.Once);
        _protector.Verify(p => p.Protect(It.Is<Password>(pw => pw.Reveal() == Plaintext), Login, Server), Times.Once);
        Assert.That(stored, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored!.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(stored.EncryptedPassword, Is.SameAs(Sealed));
            Assert.That(stored.Login, Is.EqualTo(Login));
            Assert.That(stored.Name, Is.EqualTo("Live Trading Account"));
            Assert.That(stored.IsActive, Is.True);
            Assert.That(stored.PaperTradeEnabled, Is.False);
            Assert.That(stored.AccountType, Is.EqualTo(AccountType.USD));
            Assert.That(stored.CreatedAt, Is.EqualTo(new DateTime(2026, 11, 24, 17, 48, 20, DateTimeKind.Utc).AddTicks(1_234_560)));
        }
    }

    [Test]
    public async Task Handle_AsksMt5WithTheCommandsCredentials()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        using var cts = new CancellationTokenSource();
        var command = Command();

        await _handler.Handle(command, cts.Token);

        _accounts.Verify(a => a.LoginExistsAsync(Login, cts.Token), Times.Once);
        _mt5.Verify(
            m => m.VerifyAsync(
                It.Is<Mt5LoginRequest>(r => r.Login == Login && r.Password == command.Password && r.Server == Server
                    && r.TerminalPath == @"C:\MT5\terminal64.exe"),
                cts.Token),
            Times.Once);
        _accounts.Verify(a => a.AddAsync(It.IsAny<Account>(), cts.Token), Times.Once);
    }

    [Test]
    public async Task Handle_ReturnsTheStoredAccount()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        _accounts.Setup(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()))
            .Callback<Account, CancellationToken>((account, _) => typeof(Account).GetProperty(nameof(Account.Id))!.SetValue(account, 7L))
            .Returns(Task.CompletedTask);

        var response = await _handler.Handle(Command(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Id, Is.EqualTo(7));
            Assert.That(response.Name, Is.EqualTo("Live Trading Account"));
            Assert.That(response.Broker, Is.EqualTo("MetaQuotes"));
            Assert.That(response.Login, Is.EqualTo(Login));
            Assert.That(response.Server, Is.EqualTo(Server));
            Assert.That(response.IsLive, Is.False);
            Assert.That(response.IsActive, Is.True);
            Assert.That(response.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(response.MaxLotSize, Is.EqualTo(0.1m));
            Assert.That(response.MaxLotSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("0.1"));
            Assert.That(response.RiskPct, Is.EqualTo(0.01m));
            Assert.That(response.AutoTradeEnabled, Is.True);
            Assert.That(response.PaperTradeEnabled, Is.False);
            Assert.That(response.Mt5Path, Is.EqualTo(@"C:\MT5\terminal64.exe"));
            Assert.That(response.AccountType, Is.EqualTo("USD"));
            Assert.That(response.CreatedAt, Is.EqualTo(new DateTime(2026, 11, 24, 17, 48, 20, DateTimeKind.Utc).AddTicks(1_234_560)));
            Assert.That(response.ToString(), Does.Not.Contain(Plaintext).And.Not.Contain(Sealed.Value));
        }
    }

    [Test]
    public async Task Handle_RegistersACentAccount()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot() with { Currency = "USC" }));

        var response = await _handler.Handle(Command() with { AccountType = "USC" }, CancellationToken.None);

        Assert.That(response.AccountType, Is.EqualTo("USC"));
    }

    [Test]
    public void Handle_PropagatesAlreadyExists_WhenAnotherRequestStoredTheLoginFirst()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));
        var race = new AccountAlreadyExistsException(Login, new InvalidOperationException("unique index"));
        _accounts.Setup(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>())).ThrowsAsync(race);

        var exception = Assert.ThrowsAsync<AccountAlreadyExistsException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception, Is.SameAs(race));
        _accounts.Verify(a => a.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_Throws_WhenCommandNull()
    {
        Assert.ThrowsAsync<ArgumentNullException>(async () => await _handler.Handle(null!, CancellationToken.None));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Test]
    public void Handle_Throws429Lockout_WithoutAskingMt5_WhenTheLoginIsLockedOut()
    {
        _lockout.Setup(l => l.LockedOutForAsync(Login, Client, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.FromMinutes(7));

        var exception = Assert.ThrowsAsync<LoginLockedOutException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        Assert.That(exception.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(7)));
        Assert.That(exception.Message, Does.Contain("7 minutes").And.Not.Contain(Plaintext));
        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingStored();
    }

    [Test]
    public void Handle_CountsTheRejection_WhenMt5RejectsTheCredentials()
    {
        GatewayReturns(new Mt5Verification.Rejected("Invalid account"));

        Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        _lockout.Verify(l => l.RecordRejectionAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);
        _lockout.Verify(l => l.ResetAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_DoesNotCountAnOutage_AsARejection()
    {
        GatewayReturns(new Mt5Verification.Unavailable("terminal down"));

        Assert.ThrowsAsync<Mt5UnavailableException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        _lockout.Verify(l => l.RecordRejectionAsync(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_ResetsTheCount_WhenMt5AcceptsTheCredentials()
    {
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));

        await _handler.Handle(Command(), CancellationToken.None);

        _lockout.Verify(l => l.ResetAsync(Login, Client, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_Throws409InProgress_WhileTheSameLoginIsBeingRegisteredOnTheSameServer()
    {
        // Servers are compared without regard to case, as MT5 does.
        using var held = _inProgress.TryBegin(Login, Server.ToLowerInvariant());
        Assert.That(held, Is.Not.Null);

        Assert.ThrowsAsync<RegistrationInProgressException>(async () => await _handler.Handle(Command(), CancellationToken.None));

        _mt5.Verify(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_GoesAhead_WhileTheSameLoginIsBeingTriedOnAnotherServer()
    {
        // A stranger's request for this login on a server that never answers holds up only itself.
        using var held = _inProgress.TryBegin(Login, "Black-Hole-Server");
        GatewayReturns(new Mt5Verification.Verified(Snapshot()));

        var response = await _handler.Handle(Command(), CancellationToken.None);

        Assert.That(response.Login, Is.EqualTo(Login));
    }

    [Test]
    public async Task Handle_CountsTheRejection_EvenWhenTheClientLeavesAsMt5Answers()
    {
        // The broker saw the login: the lockout counts it, whatever became of the request.
        using var request = new CancellationTokenSource();
        _mt5.Setup(m => m.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await request.CancelAsync();
                return new Mt5Verification.Rejected("Invalid account");
            });
        _lockout.Setup(l => l.RecordRejectionAsync(Login, Client, It.IsAny<CancellationToken>()))
            .Returns((long _, string _, CancellationToken token) =>
                token.IsCancellationRequested ? Task.FromCanceled(token) : Task.CompletedTask);

        Assert.ThrowsAsync<Mt5CredentialsRejectedException>(async () => await _handler.Handle(Command(), request.Token));

        _lockout.Verify(l => l.RecordRejectionAsync(Login, Client, It.Is<CancellationToken>(t => !t.IsCancellationRequested)), Times.Once);
    }
}
