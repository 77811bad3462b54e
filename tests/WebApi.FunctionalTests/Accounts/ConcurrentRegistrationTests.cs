using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

public sealed class ConcurrentRegistrationTests
{
    [Test]
    public async Task FiftyConcurrentRegistrationsOfOneLogin_GiveOne201_And49Conflicts()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        var statuses = await RaceAsync(client, Enumerable.Repeat(7700001L, 50));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(49));
        }

        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task TwoHundredConcurrentRegistrationsOfDistinctLogins_AllSucceed()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        var statuses = await RaceAsync(client, Enumerable.Range(0, 200).Select(i => 7800000L + i));

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Created));
        Assert.That(await factory.CountAccountsAsync(), Is.EqualTo(200));
    }

    private static async Task<HttpStatusCode[]> RaceAsync(HttpClient client, IEnumerable<long> logins)
    {
        using var start = new ManualResetEventSlim(false);
        var tasks = logins.Select(login => Task.Run(async () =>
        {
            start.Wait();
            using var response = await client.PostJsonAsync(Requests.ForLogin(login));
            return response.StatusCode;
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
