using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Resilience;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>
/// The service as a real process with the MtApi5 gateway: a terminal never outlives the service,
/// and no start-up file (which carries a password) survives a crash past the next start-up.
/// </summary>
[Platform(Exclude = "Win", Reason = "SIGKILL and SIGTERM")]
public sealed class TerminalLifetimeTests
{
    private const string Server = "Sim-Live";
    private const string Password = "Sim-Password-1";

    private SimulatorInstalls _installs = null!;
    private string _dataDirectory = null!;
    private Dictionary<string, string> _settings = null!;

    [SetUp]
    public void CreateInstall()
    {
        _installs = new SimulatorInstalls();
        var terminal = _installs.CreateInstall("terminal");
        // 3001's server is never reached: its verification runs until the (long) verify timeout.
        _installs.WriteAccounts(new SimulatedAccount(3001, Password, Server, ["EURUSD"], Behaviour: "unreachable"));
        _dataDirectory = Path.Combine(_installs.Root, "data");
        _settings = new Dictionary<string, string>
        {
            ["Mt5__Gateway"] = "MtApi5",
            ["Mt5__TerminalPath"] = terminal,
            ["Mt5__VerifyTimeoutSeconds"] = "120",
            ["Mt5__CommandTimeoutSeconds"] = "1",
            ["Mt5__PollIntervalMilliseconds"] = "100",
        };
        foreach (var (key, value) in _installs.Settings)
        {
            _settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
    }

    [TearDown]
    public void RemoveInstall() => _installs.Dispose();

    [Test]
    public async Task AServiceKilledMidVerification_LeavesNoTerminalRunning_AndNoStartUpFileAfterItsRestart()
    {
        await using (var service = await ServiceProcess.StartAsync(_dataDirectory, _settings))
        {
            var pending = service.Client.PostAsync("/api/v1/accounts", Body());
            await UntilAsync(() => _installs.RunningSimulators().Count == 1 && _installs.LeftoverFiles().Any(f => f.EndsWith(".ini", StringComparison.Ordinal)),
                "the verification started its terminal");

            service.KillServiceOnly();
            await service.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.That(async () => await pending, Throws.InstanceOf<HttpRequestException>());

            await UntilAsync(() => _installs.RunningSimulators().Count == 0, "the terminal ended with the service");
        }

        await using (await ServiceProcess.StartAsync(_dataDirectory, _settings))
        {
            Assert.That(_installs.LeftoverFiles(), Is.Empty, "the restart removed the ini and the preset");
        }
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AServiceKilledMidVerification_LeavesNothingTheTerminalStarted_Running()
    {
        // The terminal runs through a wrapper that starts a program of its own (as Wine's wrappers
        // or xvfb-run do), notes its id, and then becomes the terminal.
        var install = Path.GetDirectoryName(_settings["Mt5__TerminalPath"])!;
        var wrapper = Path.Combine(install, "terminal64");
        var marker = Path.Combine(install, "grandchild.pid");
        await File.WriteAllTextAsync(wrapper,
            $"#!/bin/sh\n(/bin/sleep 300 & echo $! > \"{marker}\")\nexec \"{_settings["Mt5__TerminalPath"]}\" \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _settings["Mt5__TerminalPath"] = wrapper;

        await using var service = await ServiceProcess.StartAsync(_dataDirectory, _settings);
        var pending = service.Client.PostAsync("/api/v1/accounts", Body());
        await UntilAsync(() => _installs.RunningSimulators().Count == 1 && File.Exists(marker), "the verification started its terminal");
        var grandchild = int.Parse(await File.ReadAllTextAsync(marker), System.Globalization.CultureInfo.InvariantCulture);

        service.KillServiceOnly();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.That(async () => await pending, Throws.InstanceOf<HttpRequestException>());

        await UntilAsync(() => _installs.RunningSimulators().Count == 0, "the terminal ended with the service");
        await RunningProcess.UntilGoneAsync(grandchild, "the program the terminal's wrapper started");
    }

    [Test]
    public async Task AServiceToldToStop_AnswersItsVerification503AtOnce_AndStopsTheTerminal()
    {
        await using var service = await ServiceProcess.StartAsync(_dataDirectory, _settings);
        var pending = service.Client.PostAsync("/api/v1/accounts", Body());
        await UntilAsync(() => _installs.RunningSimulators().Count == 1, "the verification started its terminal");

        var watch = Stopwatch.StartNew();
        service.Terminate();
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        watch.Stop();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "not the host's 30 s shutdown timeout");
        await service.WaitForExitAsync(TimeSpan.FromSeconds(20));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_installs.RunningSimulators(), Is.Empty);
            Assert.That(_installs.LeftoverFiles(), Is.Empty);
        }
    }

    private static StringContent Body() => new(
        new JsonObject
        {
            ["name"] = "Bot 3001",
            ["broker"] = "Sim Broker",
            ["login"] = 3001,
            ["password"] = Password,
            ["server"] = Server,
            ["allowed_symbols"] = new JsonArray("EURUSD"),
        }.ToJsonString(),
        Encoding.UTF8,
        "application/json");

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"waited 30 s for: {what}");
            await Task.Delay(50);
        }
    }
}
