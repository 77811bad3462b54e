using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Accounts;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>POST /api/v1/accounts/{id}/verify with Mt5:Gateway=MtApi5: the stored password logs the terminal simulator in.</summary>
public sealed class VerifyThroughMtApi5Tests
{
    private const string Password = "Sim-Password-1";

    [Test]
    public async Task Verify_LogsTheTerminalInWithTheStoredPassword_AndKeepsWhatItReported()
    {
        using var installs = new SimulatorInstalls();
        var terminal = installs.CreateInstall("terminal");
        installs.WriteAccounts(new SimulatedAccount(3001, Password, "Sim-Live", ["EURUSD.m", "GBPUSD.m", "XAUUSD"],
            Company: "Simulated Verify Ltd.", Currency: "EUR", TradeMode: "real"));
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>(installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:TerminalPath"] = terminal,
            ["Mt5:VerifyTimeoutSeconds"] = "4",
            ["Mt5:QueueTimeoutSeconds"] = "1",
            ["Mt5:AllowedServers:0"] = "Sim-*",
            ["Mt5:CommandTimeoutSeconds"] = "1",
            ["Mt5:PollIntervalMilliseconds"] = "100",
        });
        using var client = factory.CreateClient();
        var id = await CredentialRequests.RegisterAsync(client, new JsonObject
        {
            ["name"] = "Bot 3001",
            ["broker"] = "Sim Broker",
            ["login"] = 3001,
            ["password"] = Password,
            ["server"] = "Sim-Live",
            ["is_live"] = true,
            ["allowed_symbols"] = new JsonArray("EURUSD.m"),
        });
        var journal = installs.JournalLength();

        using var response = await CredentialRequests.VerifyAsync(client, id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("verified"));
            Assert.That(body["mt5"]!.ToJsonString(), Is.EqualTo(
                """{"company":"Simulated Verify Ltd.","currency":"EUR","trade_mode":"real","trade_allowed":true,"symbol_count":3}"""));
            Assert.That(installs.JournalLength(), Is.GreaterThan(journal), "a terminal was started for the check");
            Assert.That(installs.RunningSimulators(), Is.Empty);
            Assert.That(installs.LeftoverFiles(), Is.Empty);
            Assert.That(factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains(Password));
        }
    }
}
