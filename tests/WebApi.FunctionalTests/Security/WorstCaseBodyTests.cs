using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// The costliest bodies a client can send under the 64 KiB limit: each is a 422 of at most 16 KiB in
/// the documented shape, and what the service does for it is bounded (at most 50 entries, one error
/// for a list past its maximum, no list, object or long string echoed back).
/// </summary>
public sealed class WorstCaseBodyTests : SharedServiceTest
{
    private const int BodyLimit = 64 * 1024;
    private const int ResponseLimit = 16 * 1024;
    private const int MaxEntries = 50;
    private const int MaxEchoedLength = 128;
    private const int MaxDetailBytes = 12 * 1024;

    private const string DetailEnvelope = "{\"detail\":[]}";

    private const string ControlChar = "\\u0001";

    private static IEnumerable<TestCaseData> WorstBodies()
    {
        yield return Body("8,000 wrong-type list items", $"{{\"login\":\"abc\",\"allowed_symbols\":{Items(8_000, "1")}}}");
        yield return Body("32,000 wrong-type list items", $"{{\"login\":\"abc\",\"allowed_symbols\":{Items(32_000, "1")}}}");
        yield return Body("the longest list of wrong-type items, and a bound error on every other field", Fill(
            "{\"name\":\"\",\"broker\":\"\",\"login\":0,\"password\":\"\",\"server\":\"\",\"max_lot_size\":0,\"risk_pct\":5,"
            + $"\"mt5_path\":\"{new string('m', 501)}\",\"account_type\":\"EUR\",\"allowed_symbols\":[", _ => "1", "]}", separator: ","));
        yield return Body("200 wrong-type items, and escaped inputs to echo in every other field",
            WrongTypesEverywhere(Quoted(Repeat(ControlChar, MaxEchoedLength)), Items(200, "[1]")));
        yield return Body("200 wrong-type items, and long escaped strings in every other field",
            WrongTypesEverywhere(Quoted(Repeat(ControlChar, 800)), Items(200, "{\"a\":[1]}")));
        yield return Body("long strings in every field", Valid(new Dictionary<string, string>
        {
            ["name"] = Quoted(Repeat(ControlChar, 1_000)), ["broker"] = Quoted(new string('b', 5_000)),
            ["server"] = Quoted(Repeat("\\u00e9", 1_000)), ["password"] = Quoted(new string('p', 5_000)),
            ["mt5_path"] = Quoted(Repeat("\\\"", 5_000)), ["account_type"] = Quoted(new string('a', 5_000)),
        }));
        yield return Body("one escaped string as long as the limit allows", Fill("{\"name\":\"", _ => "\\u00e9", "\"}"));
        yield return Body("nesting 16 deep in every field and in every list item", WrongTypesEverywhere(
            new string('[', 15) + new string(']', 15),
            Fill("[", _ => new string('[', 14) + new string(']', 14), "]", separator: ",", reserve: 1_000)));
        yield return Body("the longest numbers", $"{{\"login\":{new string('9', 30_000)},\"max_lot_size\":-{new string('9', 30_000)},\"risk_pct\":0.{new string('1', 5_000)}}}");
        yield return Body("the longest strings of digits", $"{{\"login\":\"{new string('9', 30_000)}\",\"max_lot_size\":\"{new string('9', 30_000)}\"}}");
        yield return Body("200 repeated symbols of escaped text", Valid(new Dictionary<string, string>
        {
            ["allowed_symbols"] = Items(200, Quoted(Repeat(ControlChar, 32))),
        }));
        yield return Body("200 repeated symbols of accented text", Valid(new Dictionary<string, string>
        {
            ["allowed_symbols"] = Items(200, Quoted(Repeat("\\u00e9", 32))),
        }));
        yield return Body("200 symbols of long escaped text", Valid(new Dictionary<string, string>
        {
            ["allowed_symbols"] = Items(200, Quoted(Repeat(ControlChar, 50))),
        }));
    }

    [TestCaseSource(nameof(WorstBodies))]
    public async Task AWorstCaseBody_Gets422_OfAtMost16KiB_InTheDocumentedShape(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.That(bytes, Has.Length.LessThanOrEqualTo(BodyLimit), "the body is within the request limit");

        using var response = await Client.PostBytesAsync(bytes, "application/json");

        var text = await response.Content.ReadAsStringAsync();
        await TestContext.Out.WriteLineAsync($"{bytes.Length} bytes sent, {Encoding.UTF8.GetByteCount(text)} bytes answered");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), Shorten(text));
        Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(ResponseLimit), Shorten(text));
        Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(DetailEnvelope.Length + MaxDetailBytes), "the entries fit in 12 KiB");
        AssertDocumentedShape(JsonNode.Parse(text)!["detail"]);
        Assert.That(await Factory.CountAccountsAsync(), Is.Zero);
    }

    [TestCase(201)]
    [TestCase(8_000)]
    [TestCase(32_000)]
    public async Task AListPastItsMaximum_IsOneError_AndItsItemsAreNotRead(int count)
    {
        // Every item is of the wrong type: had they been read, each would be an error.
        var body = $"{{\"login\":\"abc\",\"allowed_symbols\":{Items(count, "1")}}}";

        using var response = await Client.PostRawAsync(body, "application/json");

        var errors = await response.ReadValidationErrorsAsync();
        var symbolErrors = errors.Where(error => Requests.Loc(error).StartsWith("body.allowed_symbols", StringComparison.Ordinal)).ToList();
        Assert.That(symbolErrors, Has.Count.EqualTo(1), Shorten(errors.ToJsonString()));
        var error = symbolErrors[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("body.allowed_symbols:too_long"));
            Assert.That(error["msg"]!.GetValue<string>(), Is.EqualTo($"List should have at most 200 items after validation, not {count}"));
            Assert.That(error["ctx"]!.ToJsonString(), Is.EqualTo($"{{\"field_type\":\"List\",\"max_length\":200,\"actual_length\":{count}}}"));
            Assert.That(error["input"], Is.Null, "the list is not echoed");
            Assert.That(errors.Select(Requests.Loc), Has.Member("body.login"), "the other fields are still reported");
        }
    }

    [Test]
    public async Task ManyErrors_AreCappedAt50_TheFirstInFieldOrder()
    {
        // 4 type errors before the list, 200 item errors, and bound errors after it: 50 are listed.
        var request = Requests.SpecExample();
        request["name"] = 1;
        request["login"] = "abc";
        request["password"] = 2;
        request["server"] = 3;
        request["allowed_symbols"] = new JsonArray(Enumerable.Range(0, 200).Select(i => (JsonNode)i).ToArray());
        request["risk_pct"] = 5;
        request["account_type"] = "EUR";

        using var response = await Client.PostJsonAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        var expected = new[] { "body.name", "body.login", "body.password", "body.server" }
            .Concat(Enumerable.Range(0, MaxEntries - 4).Select(i => $"body.allowed_symbols.{i}"));
        Assert.That(errors.Select(Requests.Loc), Is.EqualTo(expected));
    }

    [Test]
    public async Task Input_IsEchoedForShortScalars_AndLeftOutForListsObjectsAndLongStrings()
    {
        var request = Requests.SpecExample();
        request["name"] = new string('n', MaxEchoedLength);
        request["broker"] = new string('b', MaxEchoedLength + 1);
        request["login"] = new JsonArray(1, 2, 3);
        request["server"] = new JsonObject { ["a"] = "b" };
        request["is_live"] = "maybe";
        request["max_lot_size"] = 1000;
        request["mt5_path"] = new string('m', 600);

        using var response = await Client.PostJsonAsync(request);

        var errors = await response.ReadValidationErrorsAsync();
        var inputs = errors.ToDictionary(error => Requests.Loc(error), error => error!["input"]?.ToJsonString());
        Assert.That(inputs, Is.EqualTo(new Dictionary<string, string?>
        {
            ["body.name"] = JsonSerializer.Serialize(new string('n', MaxEchoedLength)),
            ["body.broker"] = null,
            ["body.login"] = null,
            ["body.server"] = null,
            ["body.is_live"] = "\"maybe\"",
            ["body.max_lot_size"] = "1000",
            ["body.mt5_path"] = null,
        }));
    }

    [Test]
    public async Task LongEntries_AreCutAt12KiB_TheFirstInFieldOrder()
    {
        // Five echoed inputs of 128 control characters (770 bytes of JSON each), then 199 repeated
        // symbols whose messages quote 32 of them: fewer than 50 entries fill 12 KiB.
        var echoed = Quoted(Repeat(ControlChar, MaxEchoedLength));
        var body = Valid(new Dictionary<string, string>
        {
            ["name"] = echoed, ["broker"] = echoed, ["server"] = echoed, ["mt5_path"] = echoed, ["account_type"] = echoed,
            ["allowed_symbols"] = Items(200, Quoted(Repeat("\\u0378", 32))),
        });

        using var response = await Client.PostRawAsync(body, "application/json");

        var text = await response.Content.ReadAsStringAsync();
        var errors = JsonNode.Parse(text)!["detail"]!.AsArray();
        var locations = errors.Select(Requests.Loc).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(DetailEnvelope.Length + MaxDetailBytes));
            Assert.That(locations, Has.Count.LessThan(MaxEntries));
            Assert.That(locations.Take(5), Is.EqualTo(new[] { "body.name", "body.broker", "body.server", "body.allowed_symbols.1", "body.allowed_symbols.2" }));
            Assert.That(errors.Take(3).Select(error => error!["input"]?.GetValue<string>().Length), Is.All.EqualTo(MaxEchoedLength));
            Assert.That(locations, Has.None.EqualTo("body.account_type"), "the list ends in field order");
        }
    }

    // A body with every field present and a bad value for each: `text` for the strings and numbers, `list` for the symbols.
    private static string WrongTypesEverywhere(string text, string list) =>
        $"{{\"name\":{text},\"broker\":{text},\"login\":{text},\"password\":{text},\"server\":{text},\"is_live\":{text},"
        + $"\"allowed_symbols\":{list},\"max_lot_size\":{text},\"risk_pct\":{text},\"auto_trade_enabled\":{text},"
        + $"\"mt5_path\":{text},\"account_type\":{text}}}";

    // The spec's example with some fields replaced by raw JSON.
    private static string Valid(Dictionary<string, string> rawFields)
    {
        var request = Requests.SpecExample();
        foreach (var field in rawFields.Keys)
        {
            request[field] = $"__{field}__";
        }

        var json = request.ToJsonString();
        foreach (var (field, raw) in rawFields)
        {
            json = json.Replace($"\"__{field}__\"", raw, StringComparison.Ordinal);
        }

        return json;
    }

    // prefix, then as many items (given their number) as fit under the body limit less `reserve`, then suffix.
    private static string Fill(string prefix, Func<int, string> item, string suffix, string separator = "", int reserve = 0)
    {
        var body = new StringBuilder(prefix);
        for (var i = 0; ; i++)
        {
            var next = (i > 0 ? separator : string.Empty) + item(i);
            if (body.Length + next.Length + suffix.Length > BodyLimit - reserve)
            {
                return body.Append(suffix).ToString();
            }

            body.Append(next);
        }
    }

    private static string Items(int count, string item) => "[" + string.Join(',', Enumerable.Repeat(item, count)) + "]";

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Quoted(string rawText) => $"\"{rawText}\"";

    private static TestCaseData Body(string name, string body) => new TestCaseData(body).SetArgDisplayNames(name);

    private static string Shorten(string text) => text.Length > 500 ? text[..500] + "..." : text;

    private static void AssertDocumentedShape(JsonNode? detail)
    {
        Assert.That(detail, Is.InstanceOf<JsonArray>());
        var entries = detail!.AsArray();
        Assert.That(entries, Has.Count.InRange(1, MaxEntries));
        foreach (var entry in entries)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(entry!["type"]?.GetValueKind(), Is.EqualTo(JsonValueKind.String));
                Assert.That(entry["msg"]?.GetValueKind(), Is.EqualTo(JsonValueKind.String));
                Assert.That(entry["loc"]?[0]?.GetValue<string>(), Is.EqualTo("body"));
                Assert.That(entry["ctx"]?.GetValueKind() ?? JsonValueKind.Object, Is.EqualTo(JsonValueKind.Object));
                var input = entry["input"];
                Assert.That(input?.GetValueKind() ?? JsonValueKind.Null, Is.Not.AnyOf(JsonValueKind.Array, JsonValueKind.Object));
                if (input is not null)
                {
                    Assert.That(input.GetValueKind() == JsonValueKind.String ? input.GetValue<string>().Length : input.ToJsonString().Length,
                        Is.LessThanOrEqualTo(MaxEchoedLength));
                }
            }
        }
    }
}
