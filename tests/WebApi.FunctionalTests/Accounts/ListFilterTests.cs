using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>GET /api/v1/accounts with its filters, combined with skip and limit.</summary>
public sealed class ListFilterTests : SharedServiceTest
{
    // Demo USD (12345678), investor (87654321, no auto trade, inactive), live (5001 on Broker-Live),
    // cent (5002 on Broker-Cent, USC), contest (5003 on Broker-Demo, another broker name).
    private async Task SeedAsync()
    {
        await Client.RegisterAsync(Requests.SpecExample());

        var investor = Requests.SpecExample();
        investor["login"] = TestAccounts.InvestorLogin;
        investor["password"] = TestAccounts.InvestorPassword;
        investor["auto_trade_enabled"] = false;
        investor["allowed_symbols"] = new JsonArray("EURUSD");
        var (investorId, _) = await Client.RegisterAsync(investor);
        using var deactivated = await Client.PatchAsync(investorId, new JsonObject { ["is_active"] = false });
        Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Client.RegisterAsync(new JsonObject
        {
            ["name"] = "Live", ["broker"] = "MetaQuotes", ["login"] = 5001, ["password"] = TestAccounts.LivePassword,
            ["server"] = TestAccounts.LiveServer, ["is_live"] = true, ["allowed_symbols"] = new JsonArray("EURUSD.m"),
        });
        await Client.RegisterAsync(new JsonObject
        {
            ["name"] = "Cent", ["broker"] = "MetaQuotes", ["login"] = 5002, ["password"] = TestAccounts.CentPassword,
            ["server"] = TestAccounts.CentServer, ["account_type"] = "USC", ["allowed_symbols"] = new JsonArray("EURUSDc"),
        });
        await Client.RegisterAsync(Requests.ForLogin(5003));
    }

    [TestCase("", new long[] { 12345678, 87654321, 5001, 5002, 5003 })]
    [TestCase("is_active=false", new long[] { 87654321 })]
    [TestCase("is_active=TRUE", new long[] { 12345678, 5001, 5002, 5003 })]
    [TestCase("is_active=0", new long[] { 87654321 })]
    [TestCase("is_active=on", new long[] { 12345678, 5001, 5002, 5003 })]
    [TestCase("is_live=yes", new long[] { 5001 })]
    [TestCase("is_live=n", new long[] { 12345678, 87654321, 5002, 5003 })]
    [TestCase("auto_trade_enabled=false", new long[] { 87654321 })]
    [TestCase("auto_trade_enabled=true", new long[] { 12345678, 5001, 5002, 5003 })]
    [TestCase("account_type=USC", new long[] { 5002 })]
    [TestCase("account_type=USD", new long[] { 12345678, 87654321, 5001, 5003 })]
    [TestCase("broker=MetaQuotes", new long[] { 12345678, 87654321, 5001, 5002 })]
    [TestCase("broker=metaquotes", new long[0])]
    [TestCase("broker=Test%20Broker", new long[] { 5003 })]
    [TestCase("server=MetaQuotes-Demo", new long[] { 12345678, 87654321 })]
    [TestCase("server=", new long[0])]
    [TestCase("login=5002", new long[] { 5002 })]
    [TestCase("login=99999999999999999999999", new long[0])]
    [TestCase("server=MetaQuotes-Demo&is_active=true", new long[] { 12345678 })]
    [TestCase("broker=MetaQuotes&account_type=USD&auto_trade_enabled=1", new long[] { 12345678, 5001 })]
    [TestCase("is_active=true&is_live=false&login=12345678", new long[] { 12345678 })]
    [TestCase("is_active=true&is_live=true&login=12345678", new long[0])]
    public async Task List_GivesTheMatchingAccounts_AndCountsThem(string query, long[] logins)
    {
        await SeedAsync();

        using var response = await Client.GetAsync($"{Requests.AccountsPath}?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var accounts = (await response.ReadJsonAsync()).AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accounts.Select(a => a!["login"]!.GetValue<long>()), Is.EqualTo(logins));
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { $"{logins.Length}" }));
        }
    }

    [Test]
    public async Task List_PagesTheFilteredSet_AndCountsAllOfIt()
    {
        await SeedAsync();

        using var response = await Client.GetAsync($"{Requests.AccountsPath}?is_active=true&skip=1&limit=2");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var accounts = (await response.ReadJsonAsync()).AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accounts.Select(a => a!["login"]!.GetValue<long>()), Is.EqualTo(new long[] { 5001, 5002 }));
            Assert.That(response.Headers.GetValues("X-Total-Count"), Is.EqualTo(new[] { "4" }));
        }
    }

    [TestCase("is_active=maybe", "query.is_active", "bool_parsing", "Input should be a valid boolean, unable to interpret input")]
    [TestCase("is_live=", "query.is_live", "bool_parsing", "Input should be a valid boolean, unable to interpret input")]
    [TestCase("auto_trade_enabled=%20true", "query.auto_trade_enabled", "bool_parsing", "Input should be a valid boolean, unable to interpret input")]
    [TestCase("account_type=usd", "query.account_type", "literal_error", "Input should be 'USD' or 'USC'")]
    [TestCase("login=abc", "query.login", "int_parsing", "Input should be a valid integer, unable to parse string as an integer")]
    public async Task List_Returns422_ForABadFilter(string query, string loc, string type, string message)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync()).Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Requests.Loc(error), Is.EqualTo(loc));
            Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo(type));
            Assert.That(error["msg"]!.GetValue<string>(), Is.EqualTo(message));
            Assert.That(response.Headers.Contains("X-Total-Count"), Is.False);
        }
    }

    [TestCase("broker", 100)]
    [TestCase("server", 200)]
    public async Task List_Returns422_ForATextFilterPastItsFieldsMaximum(string field, int max)
    {
        using var atMax = await Client.GetAsync($"{Requests.AccountsPath}?{field}={new string('b', max)}");
        using var past = await Client.GetAsync($"{Requests.AccountsPath}?{field}={new string('b', max + 1)}");

        Assert.That(atMax.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(past.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await past.ReadValidationErrorsAsync()).Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("string_too_long"));
            Assert.That(Requests.Loc(error), Is.EqualTo($"query.{field}"));
            Assert.That(error["msg"]!.GetValue<string>(), Is.EqualTo($"String should have at most {max} characters"));
            Assert.That(error["ctx"]!.ToJsonString(), Is.EqualTo($$"""{"max_length":{{max}}}"""));
        }
    }

    [Test]
    public async Task List_ReportsEveryBadParameterTogether()
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?is_active=x&account_type=EUR&limit=0");

        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Is.EqualTo(new[]
        {
            "query.is_active:bool_parsing", "query.account_type:literal_error", "query.limit:greater_than_equal",
        }));
    }
}
