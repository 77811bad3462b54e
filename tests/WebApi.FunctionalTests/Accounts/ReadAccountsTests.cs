using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

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
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo($$"""{"detail":"Account {{id}} not found"}"""));
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
    public async Task List_ReturnsEveryAccount_OrderedById()
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
        }
    }

    [Test]
    public async Task List_ReturnsAnEmptyArray_WhenNothingIsRegistered()
    {
        using var response = await Client.GetAsync(Requests.AccountsPath);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task UnknownRoute_Returns404_WithDetail()
    {
        using var response = await Client.GetAsync("/api/v1/nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Not Found"}"""));
    }

    [Test]
    public async Task WrongMethod_Returns405_WithDetail()
    {
        using var response = await Client.DeleteAsync(Requests.AccountsPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Method Not Allowed"}"""));
    }
}
