using System.Net;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>GET /api/v1/accounts and GET /api/v1/accounts/{id}.</summary>
public sealed class ReadAccountsTests : SharedServiceTest
{
    [Test]
    public async Task Get_Returns200_WithTheBodyRegistrationReturned()
    {
        using var created = await Client.PostJsonAsync(Requests.SpecExample());
        var registered = await created.Content.ReadAsStringAsync();

        using var read = await Client.GetAsync(created.Headers.Location);

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(registered));
    }

    [TestCase("42")]
    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("99999999999999999999999")]
    public async Task Get_Returns404_WithDetail_ForAnIdWithNoAccount(string id)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo($$"""{"detail":"Account {{id}} not found","code":"account_not_found"}"""));
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("1e3")]
    [TestCase("%20")]
    public async Task Get_Returns422_ForAnIdThatIsNotAnInteger(string id)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("path.account_id:int_parsing"));
    }

    [Test]
    public async Task List_ReturnsAccountsOrderedById_WithEveryResponseField()
    {
        var logins = new long[] { 3000003, 1000001, 2000002 };
        foreach (var login in logins)
        {
            using var created = await Client.PostJsonAsync(Requests.ForLogin(login));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var response = await Client.GetAsync(Requests.AccountsPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var accounts = (await response.ReadJsonAsync()).AsArray();
        var ids = accounts.Select(a => a!["id"]!.GetValue<long>()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accounts.Select(a => a!["login"]!.GetValue<long>()), Is.EqualTo(logins));
            Assert.That(ids, Is.Ordered.Ascending);
            Assert.That(accounts.Select(a => a!.AsObject().Count), Is.All.EqualTo(15));
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "3" }));
        }

        // Listed exactly as read one by one.
        foreach (var account in accounts)
        {
            using var one = await Client.GetAsync($"{Requests.AccountsPath}/{account!["id"]}");
            Assert.That(await one.Content.ReadAsStringAsync(), Is.EqualTo(account.ToJsonString()));
        }
    }

    [Test]
    public async Task List_ReturnsAnEmptyArray_AndTotalZero_WhenNothingIsRegistered()
    {
        using var response = await Client.GetAsync(Requests.AccountsPath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("[]"));
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "0" }));
        }
    }

    [Test]
    public async Task List_ReturnsTheFirst100ById_AndTheTotal_ByDefault()
    {
        var logins = await SeedAsync(150);

        using var response = await Client.GetAsync(Requests.AccountsPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var accounts = (await response.ReadJsonAsync()).AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accounts.Select(a => a!["login"]!.GetValue<long>()), Is.EqualTo(logins.Take(100)));
            Assert.That(accounts.Select(a => a!["id"]!.GetValue<long>()), Is.Ordered.Ascending);
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "150" }));
        }
    }

    [TestCase("?skip=10&limit=5", 10, 5)]
    [TestCase("?skip=100", 100, 50)]
    [TestCase("?skip=140&limit=20", 140, 10)]
    [TestCase("?skip=150", 150, 0)]
    [TestCase("?skip=1000000&limit=1000", 150, 0)]
    [TestCase("?limit=1000", 0, 150)]
    [TestCase("?limit=1", 0, 1)]
    [TestCase("?limit=7&limit=2", 0, 2)] // as FastAPI: of a repeated parameter, the last counts
    [TestCase("?skip=%2B3&limit=2", 3, 2)]
    public async Task List_ReturnsTheWindow_GivenSkipAndLimit(string query, int expectedFirst, int expectedCount)
    {
        var logins = await SeedAsync(150);

        using var response = await Client.GetAsync(Requests.AccountsPath + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var accounts = (await response.ReadJsonAsync()).AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accounts.Select(a => a!["login"]!.GetValue<long>()), Is.EqualTo(logins.Skip(expectedFirst).Take(expectedCount)));
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "150" }));
        }
    }

    [TestCase("skip=-1", """{"type":"greater_than_equal","loc":["query","skip"],"msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}}""")]
    [TestCase("skip=-99999999999999999999", """{"type":"greater_than_equal","loc":["query","skip"],"msg":"Input should be greater than or equal to 0","input":"-99999999999999999999","ctx":{"ge":0}}""")]
    [TestCase("skip=1000001", """{"type":"less_than_equal","loc":["query","skip"],"msg":"Input should be less than or equal to 1000000","input":"1000001","ctx":{"le":1000000}}""")]
    [TestCase("skip=abc", """{"type":"int_parsing","loc":["query","skip"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}""")]
    [TestCase("skip=", """{"type":"int_parsing","loc":["query","skip"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":""}""")]
    [TestCase("limit=0", """{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}""")]
    [TestCase("limit=1001", """{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 1000","input":"1001","ctx":{"le":1000}}""")]
    [TestCase("limit=99999999999999999999", """{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 1000","input":"99999999999999999999","ctx":{"le":1000}}""")]
    [TestCase("limit=%2B-5", """{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"+-5"}""")]
    [TestCase("limit=1.5", """{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"1.5"}""")]
    [TestCase(
        "limit=0&skip=x",
        """{"type":"int_parsing","loc":["query","skip"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"},"""
        + """{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}""")]
    public async Task List_Returns422InFastApisShape_ForABadSkipOrLimit(string query, string errors)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?{query}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($$"""{"detail":[{{errors}}]}"""));
            Assert.That(response.Headers.Contains("X-Total-Count"), Is.False);
        }
    }

    /// <summary>Stores <paramref name="count"/> accounts straight through the database; gives their logins in id order (descending, so that an order by login would differ).</summary>
    private async Task<long[]> SeedAsync(int count)
    {
        var logins = Enumerable.Range(1, count).Select(i => 9_000_000L - i).ToArray();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        foreach (var login in logins)
        {
            db.Accounts.Add(Account.Register(
                new AccountDetails($"Bot {login}", "Test Broker", login, TestAccounts.AnyLoginServer, false, ["EURUSD"], 0.1m, 0.01m, true, "", AccountType.USD),
                protector.Protect(new Password(TestAccounts.AnyLoginPassword), login, TestAccounts.AnyLoginServer),
                DateTimeOffset.UtcNow));
            // One row at a time, so ids follow the order of the logins.
            await db.SaveChangesAsync();
        }

        return logins;
    }

    [Test]
    public async Task UnknownRoute_Returns404_WithDetail()
    {
        using var response = await Client.GetAsync("/api/v1/nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Not Found","code":"not_found"}"""));
    }

    [Test]
    public async Task WrongMethod_Returns405_WithDetail()
    {
        using var response = await Client.DeleteAsync(Requests.AccountsPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Method Not Allowed","code":"method_not_allowed"}"""));
    }
}
