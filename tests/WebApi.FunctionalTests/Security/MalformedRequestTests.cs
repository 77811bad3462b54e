using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// Hundreds of generated bad requests: every one a 4xx with the documented {"detail": ...} body,
/// nothing stored, and the service still serving a valid request afterwards.
/// </summary>
public sealed class MalformedRequestTests
{
    private static readonly string[] StringFields = ["name", "broker", "password", "server", "mt5_path", "account_type"];
    private static readonly string[] BoolFields = ["is_live", "auto_trade_enabled"];
    private static readonly string[] NumberFields = ["max_lot_size", "risk_pct"];
    private static readonly string[] AllFields =
        ["name", "broker", "login", "password", "server", "is_live", "allowed_symbols", "max_lot_size", "risk_pct", "auto_trade_enabled", "mt5_path", "account_type"];

    private static readonly Dictionary<string, int> MaxLengths = new()
    {
        ["name"] = 100, ["broker"] = 100, ["password"] = 128, ["server"] = 200, ["mt5_path"] = 500,
    };

    [Test]
    public async Task EveryMalformedRegistration_Gets4xxWithTheDocumentedBody_AndStoresNothing()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        var cases = Generate().ToList();
        var failures = new List<string>();
        var serverErrors = 0;

        foreach (var badRequest in cases)
        {
            using var response = await client.PostBytesAsync(badRequest.Body, badRequest.ContentType);
            var status = (int)response.StatusCode;
            serverErrors += status >= 500 ? 1 : 0;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500 || !HasDocumentedBody(text))
            {
                failures.Add($"{badRequest.Name}: {status} {(text.Length > 200 ? text[..200] : text)}");
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} malformed registrations tried; {serverErrors} got a 5xx; {failures.Count} broke the contract");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cases, Has.Count.GreaterThanOrEqualTo(500));
            Assert.That(failures, Is.Empty);
            Assert.That(await factory.CountAccountsAsync(), Is.Zero, "no bad request stored anything");
        }

        using var valid = await client.PostJsonAsync(Requests.SpecExample());
        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the service still serves a valid request");
    }

    [TestCase("-1", HttpStatusCode.NotFound)]
    [TestCase("0", HttpStatusCode.NotFound)]
    [TestCase("9223372036854775807", HttpStatusCode.NotFound)]
    [TestCase("99999999999999999999999999999", HttpStatusCode.NotFound)]
    [TestCase("abc", HttpStatusCode.UnprocessableEntity)]
    [TestCase("1.5", HttpStatusCode.UnprocessableEntity)]
    [TestCase("1e3", HttpStatusCode.UnprocessableEntity)]
    [TestCase("0x10", HttpStatusCode.UnprocessableEntity)]
    [TestCase("%E2%80%8B1", HttpStatusCode.UnprocessableEntity)]
    [TestCase("1%3B2", HttpStatusCode.UnprocessableEntity)]
    public async Task BadAccountIds_Get4xxWithTheDocumentedBody(string id, HttpStatusCode expected)
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"{Requests.AccountsPath}/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(HasDocumentedBody(await response.Content.ReadAsStringAsync()), Is.True);
    }

    [Test]
    public async Task AVeryLongAccountId_Gets4xx()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"{Requests.AccountsPath}/{new string('9', 5000)}");

        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
    }

    private sealed record BadRequest(string Name, byte[] Body, string? ContentType = "application/json");

    private static IEnumerable<BadRequest> Generate()
    {
        var valid = Requests.SpecExample().ToJsonString();

        // Every field given every wrong JSON type.
        string[] anyType = ["1", "1.5", "true", "false", "null", "[]", "{}", "[\"x\"]", "{\"a\":1}", "\"\""];
        foreach (var field in AllFields)
        {
            foreach (var value in anyType.Where(value => IsWrongFor(field, value)))
            {
                yield return WithRaw($"{field}={value}", field, value);
            }
        }

        // Strings: empty, blank, one past the bound, very long, control characters.
        foreach (var field in StringFields)
        {
            if (field != "mt5_path")
            {
                yield return With($"{field} empty", field, "");
                yield return With($"{field} blank", field, "   ");
            }

            if (MaxLengths.TryGetValue(field, out var max))
            {
                yield return With($"{field} max+1", field, new string('x', max + 1));
            }

            yield return With($"{field} 10000 chars", field, new string('y', 10_000));
            foreach (var control in new[] { "\u0000", "\u0001", "\n", "\r", "\t", "\u001b", "\u007f", "\u0085" })
            {
                yield return With($"{field} control U+{(int)control[0]:X4}", field, $"a{control}b");
            }
        }

        // The login: zero, negative, beyond 64 bits, fractions, strings that are no number.
        foreach (var value in new[] { "0", "-1", "-9223372036854775808", "9223372036854775808", "99999999999999999999999", "1e30",
                     "-1e30", "0.5", "12345678.5", "\"12a\"", "\"\"", "\" \"", "\"0x10\"", "\"1e3\"", "\"-5\"" })
        {
            yield return WithRaw($"login={value}", "login", value);
        }

        // Booleans that are no boolean.
        foreach (var field in BoolFields)
        {
            foreach (var value in new[] { "\"maybe\"", "\"\"", "2", "-1", "0.5", "\"2\"", "\"truee\"" })
            {
                yield return WithRaw($"{field}={value}", field, value);
            }
        }

        // Numbers: at and past the bounds, beyond any range, not numbers.
        foreach (var field in NumberFields)
        {
            var over = field == "max_lot_size" ? "100.00000001" : "1.00000001";
            foreach (var value in new[] { "0", "-0.1", over, "1e30", "-1e30", "1e400", "0.000000004", "\"abc\"", "\"\"", "\"NaN\"", "\"Infinity\"" })
            {
                yield return WithRaw($"{field}={value}", field, value);
            }
        }

        // Symbol lists.
        foreach (var value in new[] { "\"EURUSD\"", "[1]", "[null]", "[\"\"]", $"[\"{new string('S', 33)}\"]", "[\"EURUSD\",\"eurusd\"]",
                     "[[]]", "[{}]", "[\"a\\nb\"]", "[\"   \"]", $"[{string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"S{i}\""))}]" })
        {
            yield return WithRaw($"allowed_symbols={value}", "allowed_symbols", value);
        }

        yield return WithRaw("account_type=usd", "account_type", "\"usd\"");
        yield return WithRaw("account_type=EUR", "account_type", "\"EUR\"");

        // Each required field missing.
        foreach (var field in new[] { "name", "broker", "login", "password", "server" })
        {
            var body = JsonNode.Parse(valid)!.AsObject();
            body.Remove(field);
            yield return new BadRequest($"missing {field}", Encoding.UTF8.GetBytes(body.ToJsonString()));
        }

        // NaN and Infinity spelled in JSON, which is no JSON.
        foreach (var field in NumberFields.Append("login"))
        {
            foreach (var token in new[] { "NaN", "Infinity", "-Infinity" })
            {
                yield return WithRaw($"{field}={token}", field, token);
            }
        }

        // Duplicate keys.
        foreach (var field in AllFields)
        {
            yield return new BadRequest($"duplicate {field}", Encoding.UTF8.GetBytes(valid.Replace("{", $"{{\"{field}\":null,", StringComparison.Ordinal)));
        }

        // Deep nesting.
        foreach (var depth in new[] { 17, 100, 1000, 10_000 })
        {
            yield return WithRaw($"nesting {depth}", "name", new string('[', depth) + new string(']', depth));
        }

        // Truncated JSON: every prefix of the valid body.
        for (var length = 0; length < valid.Length; length++)
        {
            yield return new BadRequest($"truncated at {length}", Encoding.UTF8.GetBytes(valid[..length]));
        }

        // Not an object.
        foreach (var body in new[] { "[]", "[{}]", "\"text\"", "42", "true", "null", " ", "\n" })
        {
            yield return new BadRequest($"body {body.Trim()}", Encoding.UTF8.GetBytes(body));
        }

        // Invalid UTF-8, inside and outside strings.
        var bytes = Encoding.UTF8.GetBytes(valid);
        var inName = valid.IndexOf("Live", StringComparison.Ordinal);
        foreach (var (label, bad) in new[] { ("FF", new byte[] { 0xFF }), ("C3 28", new byte[] { 0xC3, 0x28 }), ("surrogate", new byte[] { 0xED, 0xA0, 0x80 }), ("overlong", new byte[] { 0xC0, 0xAF }) })
        {
            yield return new BadRequest($"invalid UTF-8 {label} in a string", [.. bytes[..inName], .. bad, .. bytes[inName..]]);
            yield return new BadRequest($"invalid UTF-8 {label} between tokens", [.. bytes[..1], .. bad, .. bytes[1..]]);
        }

        // Wrong content types, and a body past the size limit.
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16" })
        {
            yield return new BadRequest($"content type {type}", Encoding.UTF8.GetBytes(valid), type);
        }

        // No Content-Type at all: read as JSON (as FastAPI does), so a bad body is still a 422.
        foreach (var body in new[] { "{\"login\":\"x\"}", "[]", "{", "", valid.Replace("12345678", "-1", StringComparison.Ordinal) })
        {
            yield return new BadRequest($"no content type, body {body[..Math.Min(body.Length, 20)]}", Encoding.UTF8.GetBytes(body), ContentType: null);
        }

        yield return new BadRequest("empty body", []);
        yield return new BadRequest("body past the limit", Encoding.UTF8.GetBytes(valid.Replace("Live Trading Account", new string('x', 70_000), StringComparison.Ordinal)));
    }

    // A value that Pydantic's lax mode would accept for the field is no bad input.
    private static bool IsWrongFor(string field, string value) => (field, value) switch
    {
        ("is_live" or "auto_trade_enabled", "true" or "false" or "1") => false,
        ("mt5_path", "\"\"") => false,
        ("max_lot_size" or "risk_pct", "1") => false,
        ("max_lot_size", "1.5") => false,
        ("allowed_symbols", "[]") => false,
        ("allowed_symbols", "[\"x\"]") => true, // an unknown symbol: MT5's 400
        _ => true,
    };

    private static BadRequest With(string name, string field, string value)
    {
        var body = Requests.SpecExample();
        body[field] = value;
        return new BadRequest(name, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    private static BadRequest WithRaw(string name, string field, string rawJson)
    {
        var body = Requests.SpecExample();
        body[field] = "__RAW__";
        return new BadRequest(name, Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"__RAW__\"", rawJson, StringComparison.Ordinal)));
    }

    private static bool HasDocumentedBody(string text)
    {
        try
        {
            var detail = JsonNode.Parse(text)?["detail"];
            return detail switch
            {
                JsonValue value => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0,
                JsonArray entries => entries.Count > 0 && entries.All(entry =>
                    entry?["type"] is JsonValue && entry["loc"] is JsonArray && entry["msg"] is JsonValue),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
