using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>
/// Path and query integers are read by one rule, Pydantic v2's for a string given for an int
/// (what FastAPI applies to <c>account_id</c>, <c>skip</c> and <c>limit</c>): whitespace around it, a
/// sign, leading zeros, a fraction of zeros and underscores between digits are accepted; anything
/// else is <c>int_parsing</c> with the input echoed; an integer of any size is an integer.
/// </summary>
public sealed class IntegerParameterTests : SharedServiceTest
{
    private const string IntParsing = "Input should be a valid integer, unable to parse string as an integer";

    [TestCase("+{0}")]
    [TestCase("%20{0}%20")]
    [TestCase("%09{0}")]
    [TestCase("000{0}")]
    [TestCase("{0}.00")]
    [TestCase("%2B0_0{0}")]
    public async Task Get_ReadsTheAccountId_AsFastApiDoes(string written)
    {
        using var created = await Client.PostJsonAsync(Requests.SpecExample());
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<long>();

        using var read = await Client.GetAsync($"{Requests.AccountsPath}/{string.Format(System.Globalization.CultureInfo.InvariantCulture, written, id)}");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await read.ReadJsonAsync())["id"]!.GetValue<long>(), Is.EqualTo(id));
    }

    [TestCase("-0", "0")]
    [TestCase("1_0", "10")]
    [TestCase("+5", "5")]
    [TestCase("%201%20", "1")]
    [TestCase("99999999999999999999999", "99999999999999999999999")]
    [TestCase("-0099999999999999999999999", "-99999999999999999999999")]
    [TestCase("1_000_000_000_000_000_000_000", "1000000000000000000000")]
    public async Task Get_Returns404_NamingTheIntegerAsRead(string written, string read)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}/{written}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo($$"""{"detail":"Account {{read}} not found","code":"account_not_found"}"""));
    }

    [TestCase("abc", "abc")]
    [TestCase("%20", " ")]
    [TestCase("1__0", "1__0")]
    [TestCase("_1", "_1")]
    [TestCase("1_", "1_")]
    [TestCase("5.", "5.")]
    [TestCase("5.50", "5.50")]
    [TestCase("%2B-1", "+-1")]
    [TestCase("--1", "--1")]
    [TestCase("0x10", "0x10")]
    [TestCase("1%201", "1 1")]
    public async Task Get_Returns422IntParsing_EchoingTheInput(string written, string input)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}/{written}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            $$"""{"detail":[{"type":"int_parsing","loc":["path","account_id"],"msg":"{{IntParsing}}","input":"{{input}}"}]}"""));
    }

    [TestCase("skip=%2B2&limit=5", 1)]
    [TestCase("skip=-0&limit=2", 2)]
    [TestCase("skip=1_0&limit=1_0", 0)]
    [TestCase("skip=%201%20&limit=%203", 2)]
    [TestCase("limit=2.0", 2)]
    public async Task List_ReadsSkipAndLimit_ByTheSameRule(string query, int expectedCount)
    {
        for (var login = 5100001; login <= 5100003; login++)
        {
            using var created = await Client.PostJsonAsync(Requests.ForLogin(login));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var response = await Client.GetAsync($"{Requests.AccountsPath}?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync()).AsArray(), Has.Count.EqualTo(expectedCount));
    }

    [TestCase("skip=1__0", "1__0")]
    [TestCase("skip=abc", "abc")]
    [TestCase("skip=", "")]
    [TestCase("skip=%20", " ")]
    public async Task List_Returns422IntParsing_ByTheSameRule(string query, string input)
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            $$"""{"detail":[{"type":"int_parsing","loc":["query","skip"],"msg":"{{IntParsing}}","input":"{{input}}"}]}"""));
    }

    [Test]
    public async Task AnIntegerOfMoreThan4300Digits_IsIntParsingSize_AsPydanticSays()
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?limit={new string('9', 4301)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            """{"detail":[{"type":"int_parsing_size","loc":["query","limit"],"msg":"Unable to parse input string as an integer, exceeded maximum size"}]}"""));
    }

    [Test]
    public async Task ABadSkipAndABadLimit_AreAnsweredTogether_InParameterOrder()
    {
        using var response = await Client.GetAsync($"{Requests.AccountsPath}?limit=x&skip=-1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("""{"detail":[{"type":"greater_than_equal","loc":["query","skip"]"""));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("""{"type":"int_parsing","loc":["query","limit"]"""));
    }
}
