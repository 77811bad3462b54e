using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using static AccountRegistry.WebApi.FunctionalTests.Verifications.AsyncRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>
/// A stopping service tells the MT5 gateway first (ApplicationStopping), and the job worker only
/// later: a job whose terminal is stopped in between is not over. It goes back in the queue with
/// its sealed password, for another run, rather than being stored as a 503 service_stopping.
/// </summary>
public sealed class StoppingWithJobsTests
{
    private const string Server = Requests.SimulatedServer;
    private const string Password = Requests.SimulatedPassword;

    private string _databasePath = string.Empty;

    [Test]
    public async Task AJobRunningWhenTheServiceStarts_Stopping_GoesBackInTheQueue_WithItsPassword()
    {
        using var installs = new SimulatorInstalls();
        var terminal = installs.CreateInstall("terminal");
        installs.WriteAccounts(new SimulatedAccount(4401, Password, Server, ["EURUSD"], TradeMode: "real", DelayMs: 30_000));
        var settings = new Dictionary<string, string?>(installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:TerminalPath"] = terminal,
            ["Mt5:VerifyTimeoutSeconds"] = "60",
            ["Mt5:AllowedServers:0"] = "Sim-*",
            ["Mt5:PollIntervalMilliseconds"] = "100",
        };
        await using var factory = new AccountRegistryFactory(settings);
        _databasePath = factory.DatabasePath;
        // A service the host stops before the worker (it was added later) and that takes its time,
        // as the web server does while it drains requests: the gap between ApplicationStopping and
        // the worker's own stop, made long enough to see what a job does in it.
        await using var service = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddHostedService<SlowToStop>()));
        using var client = service.CreateClient();
        var id = JobId(await AcceptedJobAsync(await PostAccountAsync(client, Requests.ForSimulatedLogin(4401))));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (installs.RunningSimulators().Count == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the job never started its terminal");
            await Task.Delay(20);
        }

        // What SIGTERM does first; the host stops its services only after this.
        service.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await StatusAsync(id) == "running")
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the job stayed running");
            await Task.Delay(50);
        }

        Assert.That(await StatusAsync(id), Is.EqualTo("queued"));
        Assert.That(await ColumnAsync(id, "sealed_password"), Does.StartWith("job1:"));
    }

    // Read from the file: the stopping host may have disposed its services already.
    private Task<string?> StatusAsync(string id) => ColumnAsync(id, "status");

    private async Task<string?> ColumnAsync(string id, string column)
    {
        await using var connection = new SqliteConnection($"Data Source={_databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM verification_jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync() as string;
    }

    private sealed class SlowToStop : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
    }
}
