using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;
using static AccountRegistry.WebApi.FunctionalTests.Verifications.AsyncRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>
/// The built service as processes on one SQLite file: jobs queued by one run are completed by the
/// next, and two instances share the job table, each job run exactly once.
/// </summary>
public sealed class VerificationInstancesTests : ServiceProcessTest
{
    [Test]
    public async Task JobsQueuedBeforeARestart_AreCompletedAfterIt()
    {
        var locations = new List<string>();
        await using (var queueOnly = await ServiceProcess.StartAsync(DataDirectory, new Dictionary<string, string> { ["Verifications__Workers"] = "0" }))
        {
            for (var login = 5570001; login <= 5570003; login++)
            {
                locations.Add(await AcceptedJobAsync(await PostAccountAsync(queueOnly.Client, Requests.ForLogin(login))));
            }

            queueOnly.Terminate();
            await queueOnly.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        await using var restarted = await ServiceProcess.StartAsync(DataDirectory, new Dictionary<string, string> { ["Verifications__PollMilliseconds"] = "100" });
        foreach (var location in locations)
        {
            var job = await EndedAsync(restarted.Client, location);
            Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201), job.ToJsonString());
        }
    }

    [Test]
    public async Task TwoInstancesOnOneFile_RunEveryJobExactlyOnce()
    {
        // Jobs last a while, so both instances have some running when the others are claimed.
        var settings = new Dictionary<string, string>
        {
            ["Verifications__Workers"] = "2",
            ["Verifications__PollMilliseconds"] = "50",
            ["Mt5__Sandbox__LatencyMs"] = "300",
            ["Serilog__MinimumLevel__Default"] = "Information",
            // All 12 come from one address, the per-client cap's unit: none may wait for another to end.
            ["Verifications__MaxQueuedPerClient"] = "100",
        };
        await using var first = await ServiceProcess.StartAsync(DataDirectory, settings);
        await using var second = await ServiceProcess.StartAsync(DataDirectory, settings);
        var locations = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var client = i % 2 == 0 ? first.Client : second.Client;
            locations.Add(await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForLogin(5571000 + i))));
        }

        foreach (var location in locations)
        {
            var job = await EndedAsync(first.Client, location);
            Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201), job.ToJsonString());
        }

        using var events = await first.Client.GetAsync("/api/v1/events?type=registered&limit=100");
        var registered = (await events.ReadJsonAsync()).AsArray().Select(e => e!["login"]!.GetValue<long>()).ToList();
        Assert.That(registered, Is.EquivalentTo(Enumerable.Range(0, 12).Select(i => 5571000L + i)));

        // Each job was started once, by one instance or the other.
        var runs = first.StandardOutput.Concat(second.StandardOutput).Where(line => line.Contains("Running verification", StringComparison.Ordinal)).ToList();
        foreach (var location in locations)
        {
            Assert.That(runs.Count(line => line.Contains(JobId(location), StringComparison.Ordinal)), Is.EqualTo(1), string.Join('\n', runs));
        }

        Assert.That(runs.Count(line => first.StandardOutput.Contains(line)), Is.GreaterThan(0), "the first instance ran none");
        Assert.That(runs.Count(line => second.StandardOutput.Contains(line)), Is.GreaterThan(0), "the second instance ran none");
    }
}
