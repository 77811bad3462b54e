using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>
/// Another writer gets in between a PATCH's or a DELETE's read and its write: the store's real
/// repository, with another request's change stored (straight in the database) just before each of
/// the next <see cref="Interloper.Remaining"/> saves.
/// </summary>
public sealed class ConcurrentWriteTests
{
    private readonly Interloper _interloper = new();
    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        _factory = new AccountRegistryFactory(configureServices: services =>
        {
            var real = services.Single(d => d.ServiceType == typeof(IAccountRepository));
            services.Remove(real);
            services.AddScoped<IAccountRepository>(provider => new InterferedRepository(
                (IAccountRepository)ActivatorUtilities.CreateInstance(provider, real.ImplementationType!), provider, _interloper));
        });
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [SetUp]
    public async Task CleanState()
    {
        _interloper.Remaining = 0;
        await _factory.ResetDatabaseAsync();
    }

    [Test]
    public async Task Patch_WithoutIfMatch_IsAppliedOverAConcurrentChange()
    {
        var (id, _) = await _client.RegisterAsync(Requests.SpecExample());
        _interloper.Remaining = 1;

        using var response = await _client.PatchAsync(id, new JsonObject { ["risk_pct"] = 0.03m });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["risk_pct"]!.GetValue<decimal>(), Is.EqualTo(0.03m));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo(Interloper.Name), "applied over the other writer's change");
            Assert.That(AccountWriteRequests.ETagOf(response), Is.EqualTo("\"3\""));
            Assert.That(_interloper.Remaining, Is.Zero);
        }
    }

    [Test]
    public async Task Patch_WithIfMatch_Returns412_OverAConcurrentChange()
    {
        var (id, etag) = await _client.RegisterAsync(Requests.SpecExample());
        _interloper.Remaining = 1;

        using var response = await _client.PatchAsync(id, new JsonObject { ["risk_pct"] = 0.03m }, ifMatch: etag);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        using var read = await _client.GetAsync(AccountWriteRequests.PathOf(id));
        Assert.That((await read.ReadJsonAsync())["risk_pct"]!.GetValue<decimal>(), Is.EqualTo(0.01m));
    }

    [Test]
    public async Task Patch_WithoutIfMatch_Returns409_AfterThreeConcurrentChanges()
    {
        var (id, _) = await _client.RegisterAsync(Requests.SpecExample());
        _interloper.Remaining = 3;

        using var response = await _client.PatchAsync(id, new JsonObject { ["risk_pct"] = 0.03m });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        await response.AssertErrorAsync("changed_concurrently", Does.Contain("read it again and retry"));
        // A retry may succeed, so the answer says when, and an Idempotency-Key does not keep it.
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Patch_WithIfMatchStar_IsAppliedOverAConcurrentChange_AsWithoutTheHeader()
    {
        var (id, _) = await _client.RegisterAsync(Requests.SpecExample());
        _interloper.Remaining = 1;

        using var response = await _client.PatchAsync(id, new JsonObject { ["risk_pct"] = 0.03m }, ifMatch: "*");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.ReadJsonAsync())["risk_pct"]!.GetValue<decimal>(), Is.EqualTo(0.03m));
    }

    [Test]
    public async Task Delete_WithoutIfMatch_IsAppliedOverAConcurrentChange_AndWithIfMatch_Is412()
    {
        var (id, etag) = await _client.RegisterAsync(Requests.SpecExample());

        _interloper.Remaining = 1;
        using var stale = await _client.DeleteAsync(id, ifMatch: etag);
        _interloper.Remaining = 1;
        using var deleted = await _client.DeleteAsync(id);

        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await _factory.CountAccountsAsync(), Is.Zero);
    }

    internal sealed class Interloper
    {
        public const string Name = "Changed by another request";

        public int Remaining { get; set; }
    }

    private sealed class InterferedRepository(IAccountRepository inner, IServiceProvider provider, Interloper interloper) : IAccountRepository
    {
        public Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken) => inner.LoginExistsAsync(login, cancellationToken);

        public Task AddAsync(Account account, CancellationToken cancellationToken) => inner.AddAsync(account, cancellationToken);

        public Task<Account?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<AccountResponse?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public async Task SaveChangesAsync(CancellationToken cancellationToken)
        {
            await InterfereAsync();
            await inner.SaveChangesAsync(cancellationToken);
        }

        public async Task RemoveAsync(Account account, CancellationToken cancellationToken)
        {
            await InterfereAsync();
            await inner.RemoveAsync(account, cancellationToken);
        }

        public Task<IReadOnlyList<AccountResponse>> ListAsync(AccountFilter filter, int skip, int limit, CancellationToken cancellationToken) =>
            inner.ListAsync(filter, skip, limit, cancellationToken);

        public Task<int> CountAsync(AccountFilter filter, CancellationToken cancellationToken) => inner.CountAsync(filter, cancellationToken);

        // Another request's change, stored between this one's read and its write.
        private async Task InterfereAsync()
        {
            if (interloper.Remaining <= 0)
            {
                return;
            }

            interloper.Remaining--;
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE accounts SET name = {Interloper.Name}, version = version + 1");
        }
    }
}
