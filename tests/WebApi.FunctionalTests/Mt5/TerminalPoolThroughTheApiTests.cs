using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>
/// The pool of terminal installs (Mt5:Terminals) through the whole API, against the terminal
/// simulator: installs run verifications side by side, one that cannot start is taken out of
/// rotation, and /health/ready says how many are usable and busy.
/// </summary>
public sealed class TerminalPoolThroughTheApiTests
{
    private const string Server = Requests.SimulatedServer;
    private const string Password = Requests.SimulatedPassword;

    private SimulatorInstalls _installs = null!;

    [SetUp]
    public void CreateInstalls() => _installs = new SimulatorInstalls();

    [TearDown]
    public void RemoveInstalls()
    {
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(_installs.RunningSimulators(), Is.Empty);
                Assert.That(_installs.LeftoverFiles(), Is.Empty);
            }
        }
        finally
        {
            _installs.Dispose();
        }
    }

    [Test]
    public async Task TwoInstalls_ShareFourConcurrentRegistrations_RunningSideBySide()
    {
        var first = _installs.CreateInstall("terminal-1");
        var second = _installs.CreateInstall("terminal-2");
        long[] logins = [4101, 4102, 4103, 4104];
        _installs.WriteAccounts([.. logins.Select(login => new SimulatedAccount(login, Password, Server, ["EURUSD"], TradeMode: "real", DelayMs: 1500))]);
        await using var factory = Service(new()
        {
            ["Mt5:Terminals:0:Path"] = first,
            ["Mt5:Terminals:1:Path"] = second,
        });
        using var client = factory.CreateClient();

        var registrations = Task.WhenAll(logins.Select(async login =>
        {
            using var response = await client.PostJsonAsync(Requests.ForSimulatedLogin(login));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var peak = 0;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!registrations.IsCompleted)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the registrations never ended");
            peak = Math.Max(peak, _installs.RunningSimulators().Count);
            await Task.Delay(50);
        }

        var answers = await registrations;
        var onFirst = SimulatorInstalls.AuthorizedLogins(first);
        var onSecond = SimulatorInstalls.AuthorizedLogins(second);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.Created), string.Join("\n", answers.Select(a => a.Body)));
            Assert.That(onFirst, Is.Not.Empty, "the first install verified some of them");
            Assert.That(onSecond, Is.Not.Empty, "the second install verified some of them");
            Assert.That(onFirst.Concat(onSecond), Is.EquivalentTo(logins), "each registration ran once, on one install or the other");
            Assert.That(peak, Is.EqualTo(2), "both installs ran a terminal at the same time, never more than one each");
        }
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "The install that cannot start is a shell script")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AnInstallThatCannotStart_IsRested_AndRequestsGoToTheOther_AsHealthReadySays()
    {
        // The pool's first install is a "terminal" that exits at once: a free request takes it first.
        var broken = Path.Combine(_installs.Root, "broken");
        Directory.CreateDirectory(broken);
        var exits = Path.Combine(broken, "terminal64");
        await File.WriteAllTextAsync(exits, "#!/bin/sh\nexit 3\n");
        File.SetUnixFileMode(exits, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var working = _installs.CreateInstall("working");
        _installs.WriteAccounts(
            new SimulatedAccount(4201, Password, Server, ["EURUSD"], TradeMode: "real"),
            new SimulatedAccount(4202, Password, Server, ["EURUSD"], TradeMode: "real"),
            new SimulatedAccount(4203, Password, Server, ["EURUSD"], TradeMode: "real"));
        await using var factory = Service(new()
        {
            ["Mt5:Terminals:0:Path"] = exits,
            ["Mt5:Terminals:1:Path"] = working,
            ["Mt5:InstallFailuresBeforeRest"] = "2",
            ["Mt5:InstallRestSeconds"] = "600",
        });
        using var client = factory.CreateClient();

        var ready = await ReadyAsync(client);
        Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Installs(ready.Body), Is.EqualTo((2, 2, 0, 0)), "both installs usable, none busy, at first");

        using (var failed = await client.PostJsonAsync(Requests.ForSimulatedLogin(4201)))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the first request went to the broken install");
        }

        using (var failedAgain = await client.PostJsonAsync(Requests.ForSimulatedLogin(4201)))
        {
            Assert.That(failedAgain.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "one failure does not rest it yet");
        }

        foreach (var login in new[] { 4201L, 4202, 4203 })
        {
            using var response = await client.PostJsonAsync(Requests.ForSimulatedLogin(login));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }

        ready = await ReadyAsync(client);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SimulatorInstalls.AuthorizedLogins(working), Is.EqualTo(new[] { 4201L, 4202, 4203 }));
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), "one install is still usable");
            Assert.That(Installs(ready.Body), Is.EqualTo((2, 1, 0, 1)), "2 installs, 1 usable, none busy, 1 resting");
            Assert.That(factory.LogEvents.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderAll()),
                Has.Some.Contains(broken).And.Contains("out of rotation"));
        }
    }

    [Test]
    public async Task HealthReady_CountsABusyInstall()
    {
        var terminal = _installs.CreateInstall("terminal");
        _installs.WriteAccounts(new SimulatedAccount(4301, Password, Server, ["EURUSD"], TradeMode: "real", Behaviour: "unreachable"));
        await using var factory = Service(new() { ["Mt5:TerminalPath"] = terminal });
        using var client = factory.CreateClient();

        // 4301's server is never reached: its terminal holds the install until the verify timeout.
        var holding = client.PostJsonAsync(Requests.ForSimulatedLogin(4301));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_installs.RunningSimulators().Count == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the verification never started its terminal");
            await Task.Delay(20);
        }

        var ready = await ReadyAsync(client);
        Assert.That(Installs(ready.Body), Is.EqualTo((1, 1, 1, 0)), "1 install, usable and busy");
        Assert.That(ready.Body["details"]!["mt5_terminals"]!["description"]!.GetValue<string>(), Does.Contain("1 busy"));
        using var held = await holding.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    private AccountRegistryFactory Service(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(_installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:VerifyTimeoutSeconds"] = "8",
            ["Mt5:QueueTimeoutSeconds"] = "60",
            ["Mt5:AllowedServers:0"] = "Sim-*",
            ["Mt5:CommandTimeoutSeconds"] = "1",
            ["Mt5:PollIntervalMilliseconds"] = "100",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new AccountRegistryFactory(all);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static (int Total, int Usable, int Busy, int Resting) Installs(JsonNode ready)
    {
        var data = ready["details"]!["mt5_terminals"]!["data"]!;
        return (data["total"]!.GetValue<int>(), data["usable"]!.GetValue<int>(), data["busy"]!.GetValue<int>(), data["resting"]!.GetValue<int>());
    }
}
