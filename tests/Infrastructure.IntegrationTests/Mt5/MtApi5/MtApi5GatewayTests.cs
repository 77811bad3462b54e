using System.Diagnostics;
using System.Runtime.Versioning;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using AccountRegistry.Tests.Simulation;
using Microsoft.Extensions.Hosting;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>
/// The real gateway, launcher and client against the terminal simulator, started exactly as a
/// terminal would be. After every test no simulator is running and no start-up file is left.
/// </summary>
public sealed class MtApi5GatewayTests
{
    private const string Server = "Sim-Demo";
    private const string Password = "Sim-Password-1";
    private const int VerifyTimeoutSeconds = 4;
    private static readonly string[] Symbols = ["EURUSD", "GBPUSD", "EURUSD.m", "XAUUSD.raw"];

    // A service that is not stopping.
    private static readonly IHostApplicationLifetime Running = Mock.Of<IHostApplicationLifetime>(l => l.ApplicationStopping == CancellationToken.None);

    private SimulatorInstalls _installs = null!;
    private string _terminal = null!;
    private RecordingLogger<MtApi5Gateway> _logs = null!;

    [SetUp]
    public void CreateInstall()
    {
        _installs = new SimulatorInstalls();
        _terminal = _installs.CreateInstall("terminal-a");
        _logs = new RecordingLogger<MtApi5Gateway>();
        _installs.WriteAccounts(
            new SimulatedAccount(1001, Password, Server, Symbols),
            new SimulatedAccount(1002, Password, Server, Symbols, DelayMs: 1500),
            new SimulatedAccount(1003, Password, Server, Symbols, Behaviour: "reject_password"),
            new SimulatedAccount(1004, Password, Server, Symbols, Behaviour: "unreachable"),
            new SimulatedAccount(1005, Password, Server, Symbols, Behaviour: "exit"),
            new SimulatedAccount(1006, Password, Server, Symbols, Behaviour: "no_port"),
            new SimulatedAccount(1007, Password, Server, Symbols, Behaviour: "silent"),
            new SimulatedAccount(1008, Password, Server, Symbols, Behaviour: "empty_experts"),
            new SimulatedAccount(1009, Password, Server, Symbols, Behaviour: "other_login"),
            new SimulatedAccount(1011, Password, Server, Symbols, DelayMs: 3000),
            new SimulatedAccount(1010, "Investor-1", Server, Symbols, TradeAllowed: false, TradeMode: "real", Currency: "USC", Company: "Cent; Broker"),
            new SimulatedAccount(1012, Password, Server, ["EURUSD", new string('X', MtApi5Gateway.MaxSymbolNameLength + 1)]),
            new SimulatedAccount(1013, Password, Server, Symbols, Company: new string('C', MtApi5Gateway.MaxCompanyLength + 1)));
    }

    [TearDown]
    public void AssertCleanedUp()
    {
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(_installs.RunningSimulators(), Is.Empty, "no terminal is left running");
                Assert.That(_installs.LeftoverFiles(), Is.Empty, "no ini or preset is left on disk");
                Assert.That(_logs.Entries.Select(e => e.Text), Has.None.Contains(Password).And.None.Contains("Investor-1"), "no password is logged, at any level");
            }
        }
        finally
        {
            _installs.Dispose();
        }
    }

    [Test]
    public async Task Verify_ReportsTheAccount_WithEveryServerSymbol()
    {
        var verdict = await VerifyAsync(1001, Password);

        var account = AssertVerified(verdict);
        Assert.That(_logs.Entries, Is.Not.Empty, "the verification was logged");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Login, Is.EqualTo(1001));
            Assert.That(account.Server, Is.EqualTo(Server));
            Assert.That(account.Company, Is.EqualTo("Simulated Broker Ltd."));
            Assert.That(account.Currency, Is.EqualTo("USD"));
            Assert.That(account.TradeMode, Is.EqualTo(Mt5TradeMode.Demo));
            Assert.That(account.TradeAllowed, Is.True);
            Assert.That(account.Symbols, Is.EquivalentTo(Symbols));
        }
    }

    [TestCase(1012, TestName = "Verify_IsUnavailable_WhenTheTerminalReportsASymbolNameLongerThanAnyServerHas")]
    [TestCase(1013, TestName = "Verify_IsUnavailable_WhenTheTerminalReportsAnOverlongCompany")]
    public async Task Verify_IsUnavailable_WhenTheTerminalReportsMoreThanIsKept(long login)
    {
        var verdict = await VerifyAsync(login, Password);

        Assert.That(verdict, Is.TypeOf<Mt5Verification.Unavailable>());
    }

    [Test]
    public async Task Verify_WaitsForALoginThatTakesTime()
    {
        var account = AssertVerified(await VerifyAsync(1002, Password));

        Assert.That(account.Login, Is.EqualTo(1002));
    }

    [Test]
    public async Task Verify_ReportsAnInvestorLogin_AsNotAllowedToTrade_WithItsRealCentAccount()
    {
        var account = AssertVerified(await VerifyAsync(1010, "Investor-1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.TradeAllowed, Is.False);
            Assert.That(account.TradeMode, Is.EqualTo(Mt5TradeMode.Real));
            Assert.That(account.Currency, Is.EqualTo("USC"));
            Assert.That(account.Company, Is.EqualTo("Cent; Broker"));
        }
    }

    [TestCase(1001, "wrong-password", TestName = "Verify_Rejects_AWrongPassword")]
    [TestCase(1003, Password, TestName = "Verify_Rejects_WhenTheServerRefusesThePassword")]
    [TestCase(4242, Password, TestName = "Verify_Rejects_AnUnknownLogin")]
    public async Task Verify_Rejects_WhatTheJournalSaysFailed(long login, string password)
    {
        var watch = Stopwatch.StartNew();

        var verdict = await VerifyAsync(login, password);

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.Rejected>());
        Assert.That(((Mt5Verification.Rejected)verdict).Reason, Is.EqualTo("Invalid account"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(VerifyTimeoutSeconds)), "a rejection needs no timeout");
    }

    [Test]
    public async Task Verify_Rejects_WhenTheTerminalLogsIntoAnotherAccount()
    {
        var verdict = await VerifyAsync(1009, Password);

        Assert.That(verdict, Is.EqualTo(new Mt5Verification.Rejected("the terminal logged into a different account")));
    }

    [TestCase(1004, TestName = "Verify_IsUnavailable_WhenTheServerIsNeverReached")]
    [TestCase(1006, TestName = "Verify_IsUnavailable_WhenThePortNeverOpens")]
    [TestCase(1007, TestName = "Verify_IsUnavailable_WhenThePortNeverAnswers")]
    [TestCase(1008, TestName = "Verify_IsUnavailable_WhenNoExpertIsAttached")]
    public async Task Verify_IsUnavailable_AtTheTimeout(long login)
    {
        var watch = Stopwatch.StartNew();

        var verdict = await VerifyAsync(login, Password);

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.Unavailable>());
        Assert.That(_logs.Entries.Select(e => e.Level), Has.Some.EqualTo(LogLevel.Information), "the verification was logged");
        // The timeout fires within its bound: not before it, and not long after (stopping the terminal included).
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(VerifyTimeoutSeconds - 0.5)));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(VerifyTimeoutSeconds + 10)));
    }

    [Test]
    public async Task Verify_IsUnavailable_AtOnce_WhenTheTerminalExits()
    {
        var watch = Stopwatch.StartNew();

        var verdict = await VerifyAsync(1005, Password);

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.Unavailable>());
        Assert.That(((Mt5Verification.Unavailable)verdict).Reason, Does.Contain("exited"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(VerifyTimeoutSeconds)));
    }

    [Test]
    public async Task Verify_RefusesATerminalThatIsNotAllowed_WithoutStartingAnything()
    {
        var verdict = await Gateway().VerifyAsync(
            new Mt5LoginRequest(1001, new Password(Password), Server, "/bin/sh"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.InvalidRequest>());
        Assert.That(((Mt5Verification.InvalidRequest)verdict).Detail, Does.Contain("not an allowed terminal"));
    }

    [TestCase("pass;word")]
    [TestCase("[Common]")]
    public async Task Verify_RefusesAPasswordTheIniCannotCarry_WithoutStartingAnything(string password)
    {
        var verdict = await VerifyAsync(1001, password);

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.InvalidRequest>());
        Assert.That(((Mt5Verification.InvalidRequest)verdict).Detail, Does.Not.Contain(password));
    }

    [Test]
    public async Task Verify_StopsTheTerminal_WhenCancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        Assert.That(async () => await VerifyAsync(1004, Password, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        await Task.CompletedTask;
    }

    [Test]
    public async Task Verify_IsUnavailable_AtOnce_AndStopsTheTerminal_WhenTheServiceStops()
    {
        using var stopping = new CancellationTokenSource();
        var lifetime = Mock.Of<IHostApplicationLifetime>(l => l.ApplicationStopping == stopping.Token);
        var monitor = Mock.Of<IOptionsMonitor<Mt5Options>>(m => m.CurrentValue == Options(60));
        var gateway = new MtApi5Gateway(monitor, Pool(monitor), lifetime, _logs);
        var verifying = gateway.VerifyAsync(Request(1004, _terminal), CancellationToken.None);
        while (_installs.RunningSimulators().Count == 0 && !verifying.IsCompleted)
        {
            await Task.Delay(20);
        }

        var watch = Stopwatch.StartNew();
        await stopping.CancelAsync();
        var verdict = await verifying.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(verdict, Is.EqualTo(new Mt5Verification.Unavailable("The service is stopping", Mt5Unavailability.ServiceStopping)));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Verifications_OnOneInstall_TakeTurns()
    {
        // Long enough for both turns, one after the other, on a slow machine.
        var gateway = Gateway(timeoutSeconds: 60);
        var peak = await PeakSimulatorsWhileAsync(Task.WhenAll(
            gateway.VerifyAsync(Request(1002, _terminal), CancellationToken.None),
            gateway.VerifyAsync(Request(1002, _terminal), CancellationToken.None)));

        Assert.That(peak.Verdicts, Has.All.InstanceOf<Mt5Verification.Verified>());
        Assert.That(peak.Max, Is.EqualTo(1), "never two terminals at once on one install");
    }

    [Test]
    public async Task Verifications_OnTwoInstalls_RunInParallel()
    {
        var second = _installs.CreateInstall("terminal-b");
        var gateway = Gateway(60, second);
        var peak = await PeakSimulatorsWhileAsync(Task.WhenAll(
            gateway.VerifyAsync(Request(1002, _terminal), CancellationToken.None),
            gateway.VerifyAsync(Request(1002, second), CancellationToken.None)));

        Assert.That(peak.Verdicts, Has.All.InstanceOf<Mt5Verification.Verified>());
        Assert.That(peak.Max, Is.EqualTo(2), "both terminals ran at the same time");
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "The stand-in terminal is a shell script")]
    [UnsupportedOSPlatform("windows")]
    public async Task Verify_StartsTheTerminal_WithNoneOfTheServicesSecrets_OnlyTheAllowedEnvironment()
    {
        // A stand-in terminal that writes down its environment and exits.
        var folder = Path.Combine(_installs.Root, "environment-recorder");
        Directory.CreateDirectory(folder);
        var recorder = Path.Combine(folder, "terminal64");
        await File.WriteAllTextAsync(recorder, "#!/bin/sh\nenv > \"$(dirname \"$0\")/environment.txt\"\n");
        File.SetUnixFileMode(recorder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var service = new Dictionary<string, string>
        {
            ["Encryption__Keys__k1"] = "encryption-key-material",
            ["Encryption__ActiveKeyId"] = "k1",
            ["ConnectionStrings__AccountRegistry"] = "Server=db;Password=connection-secret",
            ["Auth__ApiKeys__0"] = "api-key-hash",
            ["MT5TEST_NOT_LISTED"] = "not-listed",
            ["MT5TEST_INHERITED"] = "inherited-value",
            ["LC_TIME"] = "C.UTF-8",
        };
        var options = Options();
        options.TerminalPath = recorder;
        options.InheritEnvironment.Add("MT5TEST_INHERITED");
        options.TerminalEnvironment["MT5TEST_EXPLICIT"] = "explicit-value";

        foreach (var (name, value) in service)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var verdict = await Gateway(options).VerifyAsync(new Mt5LoginRequest(1001, new Password(Password), Server, ""), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(verdict, Is.InstanceOf<Mt5Verification.Unavailable>(), "the stand-in exits without a verdict");
        }
        finally
        {
            foreach (var name in service.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        var recorded = (await File.ReadAllLinesAsync(Path.Combine(folder, "environment.txt")))
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(recorded.Keys, Has.None.StartsWith("Encryption__").And.None.StartsWith("ConnectionStrings__").And.None.StartsWith("Auth__"));
            Assert.That(recorded.Values, Has.None.Contains("encryption-key-material").And.None.Contains("connection-secret"));
            Assert.That(recorded.Keys, Does.Not.Contain("MT5TEST_NOT_LISTED"));
            Assert.That(recorded.GetValueOrDefault("MT5TEST_INHERITED"), Is.EqualTo("inherited-value"));
            Assert.That(recorded.GetValueOrDefault("MT5TEST_EXPLICIT"), Is.EqualTo("explicit-value"));
            Assert.That(recorded.GetValueOrDefault("LC_TIME"), Is.EqualTo("C.UTF-8"));
            Assert.That(recorded.GetValueOrDefault("PATH"), Is.EqualTo(Environment.GetEnvironmentVariable("PATH")));
        }
    }

    [Test]
    public async Task Verification_WaitingForItsTurn_IsUnavailable_AfterTheQueueTimeout_NotTheVerifyTimeout()
    {
        // A server that never answers holds the install for the whole verify timeout (10 s)...
        var options = Options(timeoutSeconds: 10);
        options.QueueTimeoutSeconds = 1;
        var gateway = Gateway(options);
        var hogging = gateway.VerifyAsync(Request(1004, _terminal), CancellationToken.None);
        while (_installs.RunningSimulators().Count == 0 && !hogging.IsCompleted)
        {
            await Task.Delay(20);
        }

        // ...but the next request waits only the queue timeout for it.
        var watch = Stopwatch.StartNew();
        var waiting = await gateway.VerifyAsync(Request(1001, _terminal), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        watch.Stop();

        Assert.That(waiting, Is.InstanceOf<Mt5Verification.Unavailable>());
        Assert.That(((Mt5Verification.Unavailable)waiting).Reason, Does.Contain("busy"));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(await hogging.WaitAsync(TimeSpan.FromSeconds(30)), Is.InstanceOf<Mt5Verification.Unavailable>());
    }

    [Test]
    public async Task Verification_TakingItsTurn_GetsTheWholeVerifyTimeout_AfterItsWait()
    {
        // 1011 logs in after 3 s; queued behind another 1011 with a 5 s verify timeout, it would run
        // out of time if the timeout counted its wait.
        var options = Options(timeoutSeconds: 5);
        options.QueueTimeoutSeconds = 20;
        var gateway = Gateway(options);

        var verdicts = await Task.WhenAll(
            gateway.VerifyAsync(Request(1011, _terminal), CancellationToken.None),
            gateway.VerifyAsync(Request(1011, _terminal), CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(verdicts, Has.All.InstanceOf<Mt5Verification.Verified>());
    }

    private async Task<(Mt5Verification[] Verdicts, int Max)> PeakSimulatorsWhileAsync(Task<Mt5Verification[]> work)
    {
        var max = 0;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!work.IsCompleted)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the verifications never ended");
            max = Math.Max(max, _installs.RunningSimulators().Count);
            await Task.Delay(50);
        }

        return (await work, max);
    }

    [TestCase("wait", TestName = "Verify_LeavesNothingTheTerminalStarted_Running(a terminal that runs on)")]
    [TestCase("exit 0", TestName = "Verify_LeavesNothingTheTerminalStarted_Running(a terminal that forks and exits)")]
    [Platform(Exclude = "Win", Reason = "The stand-in terminal is a shell script")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Verify_LeavesNothingTheTerminalStarted_Running(string then)
    {
        // A stand-in terminal that starts a program of its own, which outlives it if let be
        // (as Wine's wrappers, xvfb-run or `wine start` do), notes its id, and then waits or exits.
        var folder = Path.Combine(_installs.Root, "forking-terminal");
        Directory.CreateDirectory(folder);
        var terminal = Path.Combine(folder, "terminal64");
        var marker = Path.Combine(folder, "grandchild.pid");
        await File.WriteAllTextAsync(terminal, $"#!/bin/sh\n(/bin/sleep 300 & echo $! > \"{marker}\")\n{then}\n");
        File.SetUnixFileMode(terminal, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = Options(timeoutSeconds: 2);
        options.TerminalPath = terminal;

        var verdict = await Gateway(options).VerifyAsync(new Mt5LoginRequest(1001, new Password(Password), Server, ""), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(verdict, Is.InstanceOf<Mt5Verification.Unavailable>(), "the stand-in never answers");
        var grandchild = int.Parse(await File.ReadAllTextAsync(marker), System.Globalization.CultureInfo.InvariantCulture);
        await RunningProcess.UntilGoneAsync(grandchild, "the program the terminal started");
    }

    // Bounded, so that a timeout the gateway lost fails the test instead of hanging it.
    private Task<Mt5Verification> VerifyAsync(long login, string password, CancellationToken cancellationToken = default) =>
        Gateway().VerifyAsync(new Mt5LoginRequest(login, new Password(password), Server, ""), cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

    private static Mt5LoginRequest Request(long login, string terminal) => new(login, new Password(Password), Server, terminal);

    private MtApi5Gateway Gateway(int timeoutSeconds = VerifyTimeoutSeconds, params string[] alsoAllowed)
    {
        var options = Options(timeoutSeconds);
        options.AllowedTerminalPaths.AddRange(alsoAllowed);
        return Gateway(options);
    }

    private MtApi5Gateway Gateway(Mt5Options options)
    {
        var monitor = new Moq.Mock<IOptionsMonitor<Mt5Options>>();
        monitor.Setup(m => m.CurrentValue).Returns(options);
        return new MtApi5Gateway(monitor.Object, Pool(monitor.Object), Running, _logs);
    }

    private static TerminalPool Pool(IOptionsMonitor<Mt5Options> monitor) =>
        new(monitor, TimeProvider.System, new TestMeters(), new RecordingLogger<TerminalPool>());

    private Mt5Options Options(int timeoutSeconds = VerifyTimeoutSeconds) => new()
    {
        Gateway = Mt5GatewayKind.MtApi5,
        TerminalPath = _terminal,
        VerifyTimeoutSeconds = timeoutSeconds,
        CommandTimeoutSeconds = 1,
        PollIntervalMilliseconds = 100,
        WorkDirectory = _installs.WorkDirectory,
        InheritEnvironment = SimulatorInstalls.InheritEnvironment,
        TerminalEnvironment = _installs.TerminalEnvironment,
    };

    private static Mt5AccountSnapshot AssertVerified(Mt5Verification verdict)
    {
        Assert.That(verdict, Is.InstanceOf<Mt5Verification.Verified>(), verdict.ToString());
        return ((Mt5Verification.Verified)verdict).Account;
    }
}
