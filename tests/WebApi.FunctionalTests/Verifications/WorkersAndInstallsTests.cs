using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using static AccountRegistry.WebApi.FunctionalTests.Verifications.AsyncRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>
/// The job worker runs no more jobs at once than the gateway has terminal installs: with one
/// install, queued jobs wait in the database one after another, never in the install's queue,
/// which would answer them 503 queue_full or queue_timeout however long they were meant to wait.
/// </summary>
public sealed class WorkersAndInstallsTests
{
    private const string Server = Requests.SimulatedServer;
    private const string Password = Requests.SimulatedPassword;

    [Test]
    public async Task WithOneInstall_FourWorkers_RunOneJobAtATime_AndEveryJobSucceeds()
    {
        using var installs = new SimulatorInstalls();
        var terminal = installs.CreateInstall("terminal");
        long[] logins = [4501, 4502, 4503];
        installs.WriteAccounts([.. logins.Select(login => new SimulatedAccount(login, Password, Server, ["EURUSD"], TradeMode: "real", DelayMs: 700))]);
        var settings = new Dictionary<string, string?>(installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:TerminalPath"] = terminal,
            ["Mt5:AllowedServers:0"] = "Sim-*",
            ["Mt5:PollIntervalMilliseconds"] = "100",
            ["Verifications:Workers"] = "4",
            ["Verifications:PollMilliseconds"] = "100",
        };
        await using var service = new AccountRegistryFactory(settings);
        using var client = service.CreateClient();
        var locations = new List<string>();
        foreach (var login in logins)
        {
            locations.Add(await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForSimulatedLogin(login))));
        }

        var mostRunning = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var statuses = new List<string>();
            foreach (var location in locations)
            {
                using var response = await client.GetAsync(location);
                statuses.Add((await response.ReadJsonAsync())["status"]!.GetValue<string>());
            }

            mostRunning = Math.Max(mostRunning, statuses.Count(status => status == "running"));
            if (statuses.All(status => status is "succeeded" or "failed"))
            {
                break;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the jobs did not end in time");
            await Task.Delay(50);
        }

        Assert.That(mostRunning, Is.EqualTo(1), "jobs running at once on one install");
        foreach (var location in locations)
        {
            Assert.That((await EndedAsync(client, location))["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        }

        Assert.That(installs.RunningSimulators(), Is.Empty);
    }
}
