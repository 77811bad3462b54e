using System.Net;
using System.Security.Cryptography;
using System.Text;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// Per-client limits through HTTP, on a fake clock, so that every Retry-After is pinned to its
/// exact value: the time left in a rate-limit window, the lockout's remaining time.
/// </summary>
public sealed class ClientLimitTests
{
    private const string Owner = "198.51.100.10";
    private const string Stranger = "203.0.113.66";
    private const string ApiKey = "a-long-random-api-key-for-limit-tests-42";

    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    private AccountRegistryFactory Factory(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null) =>
        new(settings, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
            more?.Invoke(services);
        });

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, long login, string address, string? password = null, string? apiKey = null)
    {
        var body = Requests.ForLogin(login);
        if (password is not null)
        {
            body["password"] = password;
        }

        using var request = ClientAddressFromHeader.Register(body, address, apiKey);
        return await client.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.ReadJsonAsync())["detail"]!.GetValue<string>();

    [Test]
    public async Task RegisterLimit_429_SaysTheTimeLeftInTheWindow()
    {
        await using var factory = Factory(new() { ["RateLimiting:RegisterPerMinute"] = "2" });
        using var client = factory.CreateClient();

        using (var first = await RegisterAsync(client, 8900001, Owner))
        using (var second = await RegisterAsync(client, 8900002, Owner))
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        }

        _clock.Advance(TimeSpan.FromSeconds(25));
        using var refused = await RegisterAsync(client, 8900003, Owner);
        using var otherClient = await RegisterAsync(client, 8900004, Stranger);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(35)), "60 s window, 25 s gone");
            Assert.That(await DetailAsync(refused), Is.EqualTo("Too many requests from this address; try again in 35 s"));
            Assert.That(otherClient.StatusCode, Is.EqualTo(HttpStatusCode.Created), "another address has its own window");
        }

        _clock.Advance(TimeSpan.FromSeconds(35));
        using var afterWindow = await RegisterAsync(client, 8900003, Owner);
        Assert.That(afterWindow.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task WrongApiKeys_PastTheLimit_Get429_EvenWithTheRightKey_UntilTheMinuteIsOver()
    {
        await using var factory = Factory(new()
        {
            ["Auth:ApiKeys:0"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
            ["RateLimiting:FailedAuthPerMinute"] = "3",
        });
        using var client = factory.CreateClient();

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await RegisterAsync(client, 8910001, Stranger, apiKey: $"guess-{i}");
            wrong.Add(response.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(20));
        using var rightKeyTooLate = await RegisterAsync(client, 8910001, Stranger, apiKey: ApiKey);
        using var owner = await RegisterAsync(client, 8910002, Owner, apiKey: ApiKey);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(wrong, Is.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rightKeyTooLate.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a guess past the limit learns nothing, right or wrong");
            Assert.That(rightKeyTooLate.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(40)));
            await rightKeyTooLate.AssertErrorAsync("api_key_failures_limited", Does.StartWith("Too many requests with a missing or invalid API key"));
            Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.Created), "another address is not held up");
        }

        _clock.Advance(TimeSpan.FromSeconds(40));
        using var afterWindow = await RegisterAsync(client, 8910001, Stranger, apiKey: ApiKey);
        Assert.That(afterWindow.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task MaxVerificationsPerClient_RefusesOneMoreAtOnce_WithRetryAfter_AndSparesOtherClients()
    {
        CountingGateway? mt5 = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = Factory(
            new() { ["Mt5:MaxVerificationsPerClient"] = "2" },
            services => CountingGateway.Install(services, counter => (mt5 = counter).HoldUntil = release.Task));
        using var client = factory.CreateClient();

        var held = new[] { RegisterAsync(client, 8920001, Owner), RegisterAsync(client, 8920002, Owner) };
        await CountingGateway.WaitForCallsAsync(() => mt5, 2);

        using var third = await RegisterAsync(client, 8920003, Owner);
        var other = RegisterAsync(client, 8920004, Stranger);
        await CountingGateway.WaitForCallsAsync(() => mt5, 3);
        release.SetResult();
        var finished = await Task.WhenAll(held.Append(other)).WaitAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(third.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(await DetailAsync(third), Is.EqualTo("Too many requests from this address are in progress; try again in 5 s"));
            Assert.That(finished.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(mt5!.Calls, Is.EqualTo(3), "the refused one never reached MT5");
        }

        foreach (var response in finished)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task Lockout_429_SaysTheLockoutsRemainingTime()
    {
        await using var factory = Factory(new() { ["Lockout:MaxFailures"] = "2", ["Lockout:WindowMinutes"] = "15" });
        using var client = factory.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var rejected = await RegisterAsync(client, 8930001, Owner, password: "Wrong-Password-1");
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        _clock.Advance(TimeSpan.FromSeconds(100));
        using var locked = await RegisterAsync(client, 8930001, Owner);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(locked.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds((15 * 60) - 100)));
            Assert.That(await DetailAsync(locked), Does.Contain("try again in 14 minutes"));
        }
    }

    [Test]
    public async Task AStrangersWrongGuesses_LockOutTheStranger_NotTheOwner()
    {
        CountingGateway? mt5 = null;
        await using var factory = Factory(
            new() { ["Lockout:MaxFailures"] = "2", ["Lockout:MaxFailuresPerLogin"] = "20" },
            services => CountingGateway.Install(services, counter => mt5 = counter));
        using var client = factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var guess = await RegisterAsync(client, 8940001, Stranger, password: $"Guess-{i}");
        }

        using var strangerWithThePassword = await RegisterAsync(client, 8940001, Stranger);
        using var owner = await RegisterAsync(client, 8940001, Owner);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(strangerWithThePassword.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(mt5!.Calls, Is.EqualTo(3), "two guesses and the owner's login reached MT5; the third guess and the locked-out retry did not");
        }
    }
}
