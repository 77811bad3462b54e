using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>DELETE /api/v1/accounts/{account_id}.</summary>
public sealed class DeleteAccountTests : SharedServiceTest
{
    [Test]
    public async Task Delete_Returns204_ThenReadsAre404_AndTheLoginCanBeRegisteredAgain()
    {
        var (id, _) = await Client.RegisterAsync(Requests.SpecExample());

        using var deleted = await Client.DeleteAsync(id);
        using var read = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        using var again = await Client.DeleteAsync(id);
        using var list = await Client.GetAsync(Requests.AccountsPath);
        using var reregistered = await Client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await deleted.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await list.ReadJsonAsync()).AsArray(), Is.Empty);
            Assert.That(reregistered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reregistered.Content.ReadAsStringAsync());
        }
    }

    [Test]
    public async Task Delete_RemovesTheRowAndItsCiphertext()
    {
        var (id, _) = await Client.RegisterAsync(Requests.SpecExample());

        using var deleted = await Client.DeleteAsync(id);

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        Assert.That(await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM accounts").SingleAsync(), Is.Zero);
    }

    [Test]
    public async Task Delete_WithAStaleIfMatch_Returns412_AndDeletesNothing()
    {
        var (id, etag) = await Client.RegisterAsync(Requests.SpecExample());
        using var changed = await Client.PatchAsync(id, new JsonObject { ["name"] = "Changed" });

        using var stale = await Client.DeleteAsync(id, ifMatch: etag);
        using var current = await Client.DeleteAsync(id, ifMatch: AccountWriteRequests.ETagOf(changed));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That((await stale.ReadJsonAsync())["detail"], Is.Not.Null);
            Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
    }

    [Test]
    public async Task Delete_WithAMalformedIfMatch_Returns422_AndDeletesNothing()
    {
        var (id, _) = await Client.RegisterAsync(Requests.SpecExample());

        using var response = await Client.DeleteAsync(id, ifMatch: "not-a-tag");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await Factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [TestCase("42", HttpStatusCode.NotFound)]
    [TestCase("99999999999999999999999", HttpStatusCode.NotFound)]
    [TestCase("abc", HttpStatusCode.UnprocessableEntity)]
    public async Task Delete_OfAnIdWithNoAccount_Is404_AndOfOneThatIsNoInteger_Is422(string id, HttpStatusCode expected)
    {
        using var response = await Client.DeleteAsync($"{Requests.AccountsPath}/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That((await response.ReadJsonAsync())["detail"], Is.Not.Null);
    }

    [Test]
    public async Task Delete_WithAnIdempotencyKey_IsReplayedAs204()
    {
        var (id, _) = await Client.RegisterAsync(Requests.SpecExample());

        using var first = await Client.DeleteAsync(id, idempotencyKey: "delete-key-1");
        using var replay = await Client.DeleteAsync(id, idempotencyKey: "delete-key-1");
        using var fresh = await Client.DeleteAsync(id, idempotencyKey: "delete-key-2");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }
}
