using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>The register body's schema, as the document serves it: generated from the command's metadata.</summary>
public sealed class RequestSchemaTests : SharedServiceTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [Test]
    public async Task TheRegisterSchema_HasTheSpecsFieldsBoundsAndDefaults()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        var schema = (await response.ReadJsonAsync())["components"]!["schemas"]!["RegisterAccountCommand"];
        var expected = JsonNode.Parse("""
            {"required":["name","broker","login","password","server"],"type":"object","description":"An MT5 account to register. Unknown fields are ignored.",
             "properties":{
              "name":{"maxLength":100,"minLength":1,"type":"string","description":"Human-readable account label"},
              "broker":{"maxLength":100,"minLength":1,"type":"string","description":"Broker name"},
              "login":{"exclusiveMinimum":0,"type":"integer","description":"MT5 account number","format":"int64"},
              "password":{"maxLength":128,"minLength":1,"type":"string","description":"MT5 password; encrypted before storage and never returned","format":"password","writeOnly":true},
              "server":{"maxLength":200,"minLength":1,"type":"string","description":"MT5 server name, as the broker spells it"},
              "is_live":{"type":"boolean","description":"True for a live (real) account; must match what MT5 reports","default":false},
              "allowed_symbols":{"maxItems":200,"uniqueItems":true,"type":"array","items":{"maxLength":32,"minLength":1,"type":"string"},
               "description":"Symbols a strategy may trade, each an exact or case-insensitive match of a symbol on the server","default":[]},
              "max_lot_size":{"maximum":100,"exclusiveMinimum":0,"type":"number","description":"Max trade volume in lots","default":0.1},
              "risk_pct":{"maximum":1,"exclusiveMinimum":0,"type":"number","description":"Risk per trade as a fraction (0.01 is 1%)","default":0.01},
              "auto_trade_enabled":{"type":"boolean","description":"Enable automated trading; needs an account MT5 lets trade","default":true},
              "mt5_path":{"maxLength":500,"type":"string","description":"Path to terminal64.exe; empty uses the service's global terminal","default":""},
              "account_type":{"enum":["USD","USC"],"type":"string","description":"Account currency type: USD, or USC for a cent account; must match the account's currency","default":"USD"}}}
            """);

        Assert.That(JsonNode.DeepEquals(schema, expected), Is.True, schema?.ToJsonString());
    }
}
