using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Events;

/// <summary>
/// GET /api/v1/events: the audit trail, newest first, by account id, login and type, paged with
/// X-Total-Count, still there after its account is gone, and never holding a password. Accounts are
/// registered over HTTP; changes and deletions are made through the repository, as a use case would.
/// </summary>
public sealed class ListEventsTests : SharedServiceTest
{
    private const string EventsPath = "/api/v1/events";
    private const string TestActor = "address:192.0.2.7";
    private const string TestTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

    [SetUp]
    public async Task NoEvents()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().AccountEvents.ExecuteDeleteAsync();
    }

    [Test]
    public async Task Changes_AreListedNewestFirst_WithTheirFieldsActorTraceAndTime()
    {
        var first = await RegisterAsync(910_001);
        var second = await RegisterAsync(910_002);
        await ChangeAsync(first, new AccountChanges { Name = "First renamed" });
        await ChangeAsync(second, new AccountChanges { MaxLotSize = 0.5m, IsActive = false });
        await ChangeAsync(first, new AccountChanges { AllowedSymbols = ["EURUSD", "GBPUSD"] });

        using var response = await Client.GetAsync($"{EventsPath}?type=updated");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var events = (await response.ReadJsonAsync()).AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "3" }));
            Assert.That(events.Select(e => e!["account_id"]!.GetValue<long>()), Is.EqualTo(new[] { first, second, first }));
            Assert.That(events.Select(e => e!["id"]!.GetValue<long>()), Is.Ordered.Descending);
            Assert.That(events.Select(e => e!["type"]!.GetValue<string>()), Is.All.EqualTo("updated"));
            Assert.That(events[0]!["login"]!.GetValue<long>(), Is.EqualTo(910_001));
            Assert.That(events[0]!["changes"]!.ToJsonString(),
                Is.EqualTo("""[{"field":"allowed_symbols","old":["EURUSD"],"new":["EURUSD","GBPUSD"]}]"""));
            Assert.That(events[1]!["changes"]!.AsArray().Select(c => c!.ToJsonString()), Is.EquivalentTo(new[]
            {
                """{"field":"max_lot_size","old":0.1,"new":0.5}""",
                """{"field":"is_active","old":true,"new":false}""",
            }));
            Assert.That(events[2]!["changes"]!.ToJsonString(), Is.EqualTo("""[{"field":"name","old":"Bot 910001","new":"First renamed"}]"""));
            Assert.That(events[0]!["actor"]!.GetValue<string>(), Is.EqualTo(TestActor));
            Assert.That(events[0]!["trace_id"]!.GetValue<string>(), Is.EqualTo(TestTrace));
            Assert.That(DateTime.Parse(events[0]!["at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public async Task Filters_ByAccountIdLoginAndType_NarrowTheListAndItsTotal()
    {
        var first = await RegisterAsync(910_011);
        var second = await RegisterAsync(910_012);
        await ChangeAsync(first, new AccountChanges { Name = "One" });
        await ChangeAsync(first, new AccountChanges { Name = "Two" });
        await ChangeAsync(second, new AccountChanges { Name = "Three" });

        var byId = await ListAsync($"?account_id={first}&type=updated");
        var byLogin = await ListAsync("?login=910012&type=updated");
        var both = await ListAsync($"?account_id={first}&login=910012");
        var deletions = await ListAsync("?type=deleted");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byId.Total, Is.EqualTo(2));
            Assert.That(byId.Events.Select(e => e["changes"]![0]!["new"]!.GetValue<string>()), Is.EqualTo(new[] { "Two", "One" }));
            Assert.That(byLogin.Total, Is.EqualTo(1));
            Assert.That(byLogin.Events.Single()["account_id"]!.GetValue<long>(), Is.EqualTo(second));
            Assert.That(both.Total, Is.Zero, "every filter given must hold");
            Assert.That(both.Events, Is.Empty);
            Assert.That(deletions.Total, Is.Zero);
        }
    }

    [Test]
    public async Task SkipAndLimit_PageTheList_AndTheTotalCountsThemAll()
    {
        var account = await RegisterAsync(910_021);
        for (var i = 1; i <= 5; i++)
        {
            await ChangeAsync(account, new AccountChanges { Name = $"Name {i}" });
        }

        var page = await ListAsync("?type=updated&skip=1&limit=2");
        var past = await ListAsync("?type=updated&skip=5");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Total, Is.EqualTo(5));
            Assert.That(page.Events.Select(e => e["changes"]![0]!["new"]!.GetValue<string>()), Is.EqualTo(new[] { "Name 4", "Name 3" }));
            Assert.That(past.Total, Is.EqualTo(5));
            Assert.That(past.Events, Is.Empty);
        }
    }

    [Test]
    public async Task ADeletedAccountsHistory_IsStillListed_ByItsIdAndByItsLogin()
    {
        var account = await RegisterAsync(910_031);
        await ChangeAsync(account, new AccountChanges { Name = "Before deletion" });
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountRepository>();
            var found = (await accounts.FindAsync(account, CancellationToken.None))!;
            found.RecordDeletion(new AuditActor(TestActor, TestTrace), DateTimeOffset.UtcNow);
            await accounts.RemoveAsync(found, CancellationToken.None);
        }

        using var gone = await Client.GetAsync($"{Requests.AccountsPath}/{account}");
        var byId = await ListAsync($"?account_id={account}");
        var byLogin = await ListAsync("?login=910031");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(byId.Events.Select(e => e["type"]!.GetValue<string>()), Is.SupersetOf(new[] { "deleted", "updated" }));
            Assert.That(byId.Events[0]["type"]!.GetValue<string>(), Is.EqualTo("deleted"), "the deletion is the newest");
            Assert.That(byLogin.Events.Select(e => e["id"]!.GetValue<long>()), Is.EqualTo(byId.Events.Select(e => e["id"]!.GetValue<long>())));
        }
    }

    [Test]
    public async Task Registration_IsRecorded_WithTheCallerAndTheTraceIdOfItsRequest()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
        {
            Content = new StringContent(Requests.ForLogin(910_041).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        using var registered = await Client.SendAsync(request);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var logged = Factory.LogEvents.Single(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)
            && e.Properties["RequestMethod"].ToString() == "\"POST\"");

        var events = await ListAsync("?login=910041");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Events.Select(e => e["type"]!.GetValue<string>()), Is.EqualTo(new[] { "registered" }));
            Assert.That(events.Events.Single()["trace_id"]!.GetValue<string>(), Is.EqualTo(traceId), "the trace id of the traceparent sent");
            Assert.That(logged.Properties["TraceId"].ToString().Trim('"'), Is.EqualTo(traceId), "the request's log line gives the same");
            Assert.That(events.Events.Single()["actor"]!.GetValue<string>(), Does.StartWith("address:"));
            Assert.That(events.Events.Single()["changes"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task NoPassword_IsEverInTheTrail()
    {
        var account = await RegisterAsync(910_051);
        await ChangeAsync(account, new AccountChanges { Name = "Renamed", Broker = "Other Broker", Mt5Path = string.Empty });
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountRepository>();
            var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
            var found = (await accounts.FindAsync(account, CancellationToken.None))!;
            found.ChangePassword(
                protector.Protect(new Password("A-New-Password-9"), found.Login, found.Server),
                new Mt5AccountSnapshot(found.Login, found.Server, "Test Broker Ltd", "USD", Mt5TradeMode.Demo, true, ["EURUSD"]),
                new AuditActor(TestActor, TestTrace),
                DateTimeOffset.UtcNow);
            await accounts.SaveChangesAsync(CancellationToken.None);
        }

        using var response = await Client.GetAsync($"{EventsPath}?account_id={account}");
        var text = await response.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("\"password_changed\""));
            Assert.That(text, Does.Not.Contain(TestAccounts.AnyLoginPassword));
            Assert.That(text, Does.Not.Contain("A-New-Password-9"));
            Assert.That(text, Does.Not.Contain("password\",\"old\""), "a password is never a changed field");
        }
    }

    [TestCase("?account_id=abc", "int_parsing", "query.account_id")]
    [TestCase("?login=1.5", "int_parsing", "query.login")]
    [TestCase("?type=renamed", "literal_error", "query.type")]
    [TestCase("?type=Updated", "literal_error", "query.type")]
    [TestCase("?skip=-1", "greater_than_equal", "query.skip")]
    [TestCase("?skip=1000001", "less_than_equal", "query.skip")]
    [TestCase("?limit=0", "greater_than_equal", "query.limit")]
    [TestCase("?limit=1001", "less_than_equal", "query.limit")]
    public async Task ABadParameter_Is422_InFastApisShape(string query, string type, string loc)
    {
        using var response = await Client.GetAsync(EventsPath + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync()).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!["type"]!.GetValue<string>(), Is.EqualTo(type));
            Assert.That(Requests.Loc(error), Is.EqualTo(loc));
        }
    }

    [Test]
    public async Task AnUnknownType_NamesEveryEventType_AndEveryBadParameterIsAnsweredTogether()
    {
        using var response = await Client.GetAsync($"{EventsPath}?account_id=x&type=nope&limit=0");

        var errors = await response.ReadValidationErrorsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(Requests.Loc), Is.EqualTo(new[] { "query.account_id", "query.type", "query.limit" }));
            Assert.That(errors[1]!["msg"]!.GetValue<string>(),
                Is.EqualTo("Input should be 'registered', 'updated', 'password_changed', 'verified', 'verification_rejected' or 'deleted'"));
            Assert.That(errors[1]!["input"]!.GetValue<string>(), Is.EqualTo("nope"));
        }
    }

    private async Task<long> RegisterAsync(long login)
    {
        using var response = await Client.PostJsonAsync(Requests.ForLogin(login));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    private async Task ChangeAsync(long accountId, AccountChanges changes)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountRepository>();
        var account = await accounts.FindAsync(accountId, CancellationToken.None);
        Assert.That(account!.Change(changes, new AuditActor(TestActor, TestTrace), DateTimeOffset.UtcNow), Is.Not.Empty);
        await accounts.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<(int Total, List<JsonNode> Events)> ListAsync(string query)
    {
        using var response = await Client.GetAsync(EventsPath + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
        return (total, [.. (await response.ReadJsonAsync()).AsArray().Select(e => e!)]);
    }
}
