using System.Collections.Concurrent;
using System.Net;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>The service killed or stopped under load: nothing that was confirmed is lost.</summary>
public sealed class ProcessFaultTests : ServiceProcessTest
{
    [Test]
    public async Task SigkillDuringABurst_LosesNoConfirmedAccount_AndLeavesTheDatabaseIntact()
    {
        var confirmed = new ConcurrentBag<long>();
        await using (var service = await ServiceProcess.StartAsync(DataDirectory))
        {
            using var stop = new CancellationTokenSource();
            var next = 5_000_000L;
            var senders = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var login = Interlocked.Increment(ref next);
                    try
                    {
                        using var response = await service.Client.PostJsonAsync(Requests.ForLogin(login));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            confirmed.Add(login);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process is gone
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            // The burst is well under way after 100 confirmations; a service that cannot get there
            // in a minute fails the test instead of hanging it.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (confirmed.Count < 100 && DateTime.UtcNow < deadline && senders.Any(s => !s.IsCompleted))
            {
                await Task.Delay(10);
            }

            Assert.That(confirmed, Has.Count.GreaterThanOrEqualTo(100), "registrations confirmed before the kill");

            service.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        TestContext.Out.WriteLine($"{confirmed.Count} registrations confirmed before SIGKILL");

        // Restarted on the same file, it serves every confirmed account.
        await using (var restarted = await ServiceProcess.StartAsync(DataDirectory))
        {
            using var list = await restarted.Client.GetAsync(Requests.AccountsPath + "?limit=1000");
            using (Assert.EnterMultipleScope())
            {
                // One page holds every account.
                Assert.That(int.Parse(list.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(1000));
                // Kestrel itself, not the test host: no Server header, and nosniff.
                Assert.That(list.Headers.Contains("Server"), Is.False);
                Assert.That(list.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            }

            var logins = (await list.ReadJsonAsync()).AsArray().Select(a => a!["login"]!.GetValue<long>()).ToHashSet();
            Assert.That(confirmed.Where(login => !logins.Contains(login)), Is.Empty, "every 201 survived the crash");
        }

        // Every stored password still decrypts, and SQLite finds the file sound.
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["ConnectionStrings:AccountRegistry"] = ServiceProcess.ConnectionString(DataDirectory),
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        Assert.That(accounts.Select(a => protector.Unprotect(a.EncryptedPassword, a.Login, a.Server).Reveal()), Has.All.EqualTo(TestAccounts.AnyLoginPassword));
        var integrity = await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync();
        Assert.That(integrity, Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task Sigterm_LetsAnInFlightRegistrationFinish_ThenExitsCleanly()
    {
        await using var service = await ServiceProcess.StartAsync(DataDirectory, new Dictionary<string, string>
        {
            ["Mt5__Sandbox__LatencyMs"] = "3000",
        });

        var inFlight = service.Client.PostJsonAsync(Requests.ForLogin(5100001));
        await Task.Delay(1000);
        service.Terminate();
        using var response = await inFlight;
        await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(service.ExitCode, Is.Zero);
        }

        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["ConnectionStrings:AccountRegistry"] = ServiceProcess.ConnectionString(DataDirectory),
        });
        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(1));
    }
}
