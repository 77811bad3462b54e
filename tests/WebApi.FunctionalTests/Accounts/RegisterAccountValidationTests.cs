using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>
/// Every bad body is a 422 in FastAPI's shape (one entry per problem, snake_case loc, Pydantic
/// types), nothing is stored, and a just-inside value is accepted.
/// </summary>
public sealed class RegisterAccountValidationTests : SharedServiceTest
{
    // Field, value just outside the bound, expected type; each also has a just-inside twin below.
    private static IEnumerable<TestCaseData> OutOfBounds()
    {
        yield return Case("name", "", "string_too_short");
        yield return Case("name", new string('n', 101), "string_too_long");
        yield return Case("name", "   ", "value_error");
        yield return Case("name", "tab\there", "value_error");
        yield return Case("broker", "", "string_too_short");
        yield return Case("broker", new string('b', 101), "string_too_long");
        yield return Case("login", 0, "greater_than");
        yield return Case("login", -1, "greater_than");
        yield return Case("password", "", "string_too_short");
        yield return Case("password", new string('p', 129), "string_too_long");
        yield return Case("password", "line\nbreak", "value_error");
        yield return Case("server", "", "string_too_short");
        yield return Case("server", new string('s', 201), "string_too_long");
        yield return Case("max_lot_size", 0, "greater_than");
        yield return Case("max_lot_size", -0.1m, "greater_than");
        yield return Case("max_lot_size", 100.00000001m, "less_than_equal");
        yield return Case("max_lot_size", 0.000000004m, "greater_than");
        yield return Case("risk_pct", 0, "greater_than");
        yield return Case("risk_pct", 1.00000001m, "less_than_equal");
        yield return Case("mt5_path", new string('m', 501), "string_too_long");
        yield return Case("account_type", "usd", "literal_error");
        yield return Case("account_type", "EUR", "literal_error");
    }

    private static IEnumerable<TestCaseData> JustInside()
    {
        yield return Inside("name", "n");
        yield return Inside("name", new string('n', 100));
        yield return Inside("broker", "b");
        yield return Inside("broker", new string('b', 100));
        yield return Inside("max_lot_size", 0.00000001m);
        yield return Inside("max_lot_size", 100);
        yield return Inside("risk_pct", 0.00000001m);
        yield return Inside("risk_pct", 1);
        yield return Inside("account_type", "USD");
    }

    [TestCaseSource(nameof(OutOfBounds))]
    public async Task Returns422_ForAValueOutOfBounds(string field, JsonNode? value, string expectedType)
    {
        var request = Requests.SpecExample();
        request[field] = value;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors, Has.Count.EqualTo(1), errors.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors[0]!["type"]!.GetValue<string>(), Is.EqualTo(expectedType));
            Assert.That(Requests.Loc(errors[0]), Is.EqualTo($"body.{field}"));
            Assert.That(errors[0]!["msg"]!.GetValue<string>(), Is.Not.Empty);
        }

        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }

    [TestCaseSource(nameof(JustInside))]
    public async Task Returns201_ForAValueJustInsideTheBounds(string field, JsonNode? value)
    {
        var request = Requests.SpecExample();
        request[field] = value;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    // These values pass validation but then reach the Sandbox, which refuses them (unknown password,
    // server or symbol): a 400 from MT5 rather than a 422 proves the bound let them through.
    [TestCase("password", 128)]
    [TestCase("server", 200)]
    [TestCase("allowed_symbols", 32)]
    public async Task PassesValidation_ForTheLongestValue_ThenMt5Refuses(string field, int length)
    {
        var request = Requests.SpecExample();
        var value = new string('x', length);
        request[field] = field == "allowed_symbols" ? new JsonArray(value) : value;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Returns422_WithTheDocumentedContext_ForAStringTooLong()
    {
        var request = Requests.SpecExample();
        request["name"] = new string('n', 101);

        using var response = await Client.PostJsonAsync(request);

        var error = (await response.ReadValidationErrorsAsync())[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error["msg"]!.GetValue<string>(), Is.EqualTo("String should have at most 100 characters"));
            Assert.That(error["ctx"]!["max_length"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(error["input"]!.GetValue<string>(), Has.Length.EqualTo(101));
        }
    }

    [Test]
    public async Task Returns422_OneEntryPerMissingField()
    {
        using var response = await Client.PostRawAsync("{}", "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(Requests.Loc), Is.EquivalentTo(new[] { "body.name", "body.broker", "body.login", "body.password", "body.server" }));
        Assert.That(errors.Select(e => e!["type"]!.GetValue<string>()), Is.All.EqualTo("missing"));
        Assert.That(errors.Select(e => e!["msg"]!.GetValue<string>()), Is.All.EqualTo("Field required"));
    }

    [TestCase("name", "12", "string_type")]
    [TestCase("name", "null", "string_type")]
    [TestCase("broker", "[\"x\"]", "string_type")]
    [TestCase("login", "\"abc\"", "int_parsing")]
    [TestCase("login", "true", "int_type")]
    [TestCase("login", "null", "int_type")]
    [TestCase("login", "1.5", "int_from_float")]
    [TestCase("login", "99999999999999999999", "less_than_equal")]
    [TestCase("login", "-99999999999999999999", "greater_than")]
    [TestCase("password", "12345", "string_type")]
    [TestCase("server", "{}", "string_type")]
    [TestCase("is_live", "\"maybe\"", "bool_parsing")]
    [TestCase("is_live", "2", "bool_parsing")]
    [TestCase("is_live", "null", "bool_type")]
    [TestCase("allowed_symbols", "\"EURUSD\"", "list_type")]
    [TestCase("allowed_symbols", "null", "list_type")]
    [TestCase("max_lot_size", "\"lots\"", "float_parsing")]
    [TestCase("max_lot_size", "true", "float_type")]
    [TestCase("max_lot_size", "1e400", "less_than_equal")]
    [TestCase("risk_pct", "[]", "float_type")]
    [TestCase("auto_trade_enabled", "{}", "bool_type")]
    [TestCase("mt5_path", "0", "string_type")]
    [TestCase("account_type", "1", "literal_error")]
    public async Task Returns422_ForAWrongType(string field, string rawValue, string expectedType)
    {
        var request = Requests.SpecExample();
        request[field] = "__VALUE__";
        var json = request.ToJsonString().Replace("\"__VALUE__\"", rawValue, StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors, Has.Count.EqualTo(1), errors.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors[0]!["type"]!.GetValue<string>(), Is.EqualTo(expectedType));
            Assert.That(Requests.Loc(errors[0]), Is.EqualTo($"body.{field}"));
        }
    }

    [TestCase("login", "\"12345678\"")]
    [TestCase("login", "12345678.0")]
    [TestCase("is_live", "\"false\"")]
    [TestCase("auto_trade_enabled", "\"yes\"")]
    [TestCase("auto_trade_enabled", "1")]
    [TestCase("max_lot_size", "\"0.1\"")]
    public async Task Returns201_ForValuesPydanticsLaxModeCoerces(string field, string rawValue)
    {
        var request = Requests.SpecExample();
        request[field] = "__VALUE__";
        var json = request.ToJsonString().Replace("\"__VALUE__\"", rawValue, StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Returns422_WithTheListIndex_ForABadSymbol()
    {
        var request = Requests.SpecExample();
        request["allowed_symbols"] = new JsonArray("EURUSD", "GBPUSD", new string('S', 33), 7, "eurusd");

        using var response = await Client.PostJsonAsync(request);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Is.EquivalentTo(new[]
        {
            "body.allowed_symbols.2:string_too_long", "body.allowed_symbols.3:string_type", "body.allowed_symbols.4:value_error",
        }));
        Assert.That(errors[0]!["loc"]![2]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));

        request["allowed_symbols"] = new JsonArray("EURUSD", "GBPUSD", new string('S', 33), "eurusd");
        using var second = await Client.PostJsonAsync(request);
        var boundErrors = await second.ReadValidationErrorsAsync();
        Assert.That(boundErrors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"),
            Is.EquivalentTo(new[] { "body.allowed_symbols.2:string_too_long", "body.allowed_symbols.3:value_error" }));
    }

    [Test]
    public async Task Returns422_ForMoreSymbolsThanAllowed()
    {
        var request = Requests.SpecExample();
        request["allowed_symbols"] = new JsonArray(Enumerable.Range(0, 201).Select(i => (JsonNode)$"S{i}").ToArray());

        using var response = await Client.PostJsonAsync(request);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Is.EqualTo(new[] { "body.allowed_symbols:too_long" }));
    }

    [Test]
    public async Task Returns422_ReportingTypeErrorsAndBoundErrorsTogether_InFieldOrder()
    {
        var request = Requests.SpecExample();
        request["name"] = new string('n', 101);
        request["login"] = "abc";
        request["risk_pct"] = 5;
        request.Remove("server");

        using var response = await Client.PostJsonAsync(request);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Is.EqualTo(new[]
        {
            "body.name:string_too_long", "body.login:int_parsing", "body.server:missing", "body.risk_pct:less_than_equal",
        }));
        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }

    [Test]
    public async Task Returns422_ReportingEveryBoundAtOnce()
    {
        var request = Requests.SpecExample();
        request["name"] = "";
        request["login"] = 0;
        request["risk_pct"] = 2;
        request["account_type"] = "GBP";

        using var response = await Client.PostJsonAsync(request);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(Requests.Loc), Is.EquivalentTo(new[] { "body.name", "body.login", "body.risk_pct", "body.account_type" }));
    }

    [TestCase("{\"name\": ", 9)]
    [TestCase("{\"name\": \"x\",}", 13)]
    [TestCase("not json", 1)]
    [TestCase("{\"name\": NaN}", 9)]
    [TestCase("{\"name\": Infinity}", 9)]
    public async Task Returns422_JsonInvalid_AtThePositionOfTheFault(string body, int position)
    {
        using var response = await Client.PostRawAsync(body, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0]!["type"]!.GetValue<string>(), Is.EqualTo("json_invalid"));
            Assert.That(errors[0]!["msg"]!.GetValue<string>(), Is.EqualTo("JSON decode error"));
            Assert.That(errors[0]!["loc"]![0]!.GetValue<string>(), Is.EqualTo("body"));
            Assert.That(errors[0]!["loc"]![1]!.GetValue<int>(), Is.EqualTo(position));
        }
    }

    [Test]
    public async Task Returns422_ForDuplicateKeys()
    {
        var json = Requests.SpecExample().ToJsonString().Replace("{\"name\":", "{\"login\":1,\"name\":", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.ReadValidationErrorsAsync())[0]!["type"]!.GetValue<string>(), Is.EqualTo("json_invalid"));
    }

    [Test]
    public async Task Returns422_LocatingTheField_ForInvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Requests.SpecExample().ToJsonString().Replace("Live Trading", "Live \u0001Trading", StringComparison.Ordinal));
        var index = Array.IndexOf(bytes, (byte)1);
        bytes[index] = 0xC3; // a lead byte with no continuation

        using var response = await Client.PostBytesAsync(bytes, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("body.name:string_unicode"));
    }

    [TestCase("{\"\\ud800\": 1}", "body.0:json_invalid")]
    [TestCase("{\"name\": \"x\", \"login\": \"\\ud800\"}", "body.login:string_unicode")]
    [TestCase("{\"name\": \"x\", \"is_live\": \"\\udc00\"}", "body.is_live:string_unicode")]
    [TestCase("{\"name\": \"x\", \"max_lot_size\": \"\\ud800\"}", "body.max_lot_size:string_unicode")]
    [TestCase("{\"name\": \"x\", \"account_type\": \"\\ud800\"}", "body.account_type:string_unicode")]
    [TestCase("{\"name\": [\"\\ud800\"]}", "body.name:string_type")]
    [TestCase("{\"name\": \"x\", \"allowed_symbols\": \"\\ud800\"}", "body.allowed_symbols:list_type")]
    public async Task Returns422_NeverA500_ForLoneSurrogatesAnywhere(string json, string expected)
    {
        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Has.Member(expected));
    }

    [Test]
    public async Task Returns201_WhenTheBodyStartsWithAByteOrderMark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Requests.SpecExample().ToJsonString())).ToArray();

        using var response = await Client.PostBytesAsync(bytes, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/json; charset=iso-8859-1")]
    public async Task Returns415_ForACharsetOtherThanUtf8(string contentType)
    {
        using var response = await Client.PostRawAsync(Requests.SpecExample().ToJsonString(), contentType);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [TestCase("0.30000000000000004", "0.3")]
    [TestCase("0.123456789", "0.12345679")]
    [TestCase("0.000000005", "0.00000000")]
    public async Task KeepsNumbersToEightDecimalPlaces_LikeAFloatColumn(string sent, string expected)
    {
        var json = Requests.SpecExample().ToJsonString()
            .Replace("\"risk_pct\":0.01", $"\"risk_pct\":{sent}", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(json, "application/json");

        if (expected == "0.00000000")
        {
            // Rounded to zero, it breaks the lower bound.
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await response.ReadValidationErrorsAsync())[0]!["type"]!.GetValue<string>(), Is.EqualTo("greater_than"));
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((await response.ReadJsonAsync())["risk_pct"]!.ToJsonString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Returns422_ForALoneSurrogateEscape()
    {
        var json = Requests.SpecExample().ToJsonString().Replace("Live Trading Account", "bad \\ud800 text", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("body.name:string_unicode"));
    }

    [Test]
    public async Task Returns422_ForDeepNesting()
    {
        var json = "{\"name\":" + new string('[', 100) + new string(']', 100) + "}";

        using var response = await Client.PostRawAsync(json, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.ReadValidationErrorsAsync())[0]!["type"]!.GetValue<string>(), Is.EqualTo("json_invalid"));
    }

    [TestCase("[]")]
    [TestCase("[{\"name\":\"x\"}]")]
    [TestCase("\"text\"")]
    [TestCase("42")]
    [TestCase("null")]
    public async Task Returns422_WhenTheBodyIsNotAnObject(string body)
    {
        using var response = await Client.PostRawAsync(body, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("body:model_attributes_type"));
    }

    [Test]
    public async Task Returns422_Missing_ForAnEmptyBody()
    {
        using var response = await Client.PostRawAsync("", "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("body:missing"));
    }

    [Test]
    public async Task Returns422_WithoutEchoingThePassword()
    {
        var request = Requests.SpecExample();
        var password = "Secret-" + new string('p', 130);
        request["password"] = password;

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("Secret-"));
        Assert.That(text, Does.Contain("string_too_long"));
    }

    private static TestCaseData Case(string field, JsonNode? value, string type) =>
        new TestCaseData(field, value, type).SetArgDisplayNames(field, Display(value), type);

    private static TestCaseData Inside(string field, JsonNode? value) =>
        new TestCaseData(field, value).SetArgDisplayNames(field, Display(value));

    private static string Display(JsonNode? value) =>
        value?.ToJsonString() is { Length: > 20 } text ? text[..20] + "..." : value?.ToJsonString() ?? "null";
}
