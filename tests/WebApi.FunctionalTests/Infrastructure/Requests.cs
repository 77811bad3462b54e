using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>Builds register requests from the spec's example, and reads JSON responses.</summary>
public static class Requests
{
    public const string AccountsPath = "/api/v1/accounts";

    /// <summary>The spec's example request, which the test Sandbox accepts.</summary>
    public static JsonObject SpecExample() => new()
    {
        ["name"] = "Live Trading Account",
        ["broker"] = "MetaQuotes",
        ["login"] = TestAccounts.DemoLogin,
        ["password"] = TestAccounts.DemoPassword,
        ["server"] = TestAccounts.DemoServer,
        ["is_live"] = false,
        ["allowed_symbols"] = new JsonArray("EURUSD", "GBPUSD"),
        ["max_lot_size"] = 0.1m,
        ["risk_pct"] = 0.01m,
        ["auto_trade_enabled"] = true,
        ["account_type"] = "USD",
    };

    /// <summary>A valid request for any login, on the wildcard server.</summary>
    public static JsonObject ForLogin(long login) => new()
    {
        ["name"] = $"Bot {login}",
        ["broker"] = "Test Broker",
        ["login"] = login,
        ["password"] = TestAccounts.AnyLoginPassword,
        ["server"] = TestAccounts.AnyLoginServer,
        ["allowed_symbols"] = new JsonArray("EURUSD"),
    };

    /// <summary>The server and password of the accounts the simulator-backed tests write for the terminal simulator.</summary>
    public const string SimulatedServer = "Sim-Live";

    /// <inheritdoc cref="SimulatedServer"/>
    public const string SimulatedPassword = "Sim-Password-1";

    /// <summary>A request for a live account of <paramref name="login"/> on <see cref="SimulatedServer"/>, trading EURUSD.</summary>
    public static JsonObject ForSimulatedLogin(long login) => new()
    {
        ["name"] = $"Bot {login}",
        ["broker"] = "Sim Broker",
        ["login"] = login,
        ["password"] = SimulatedPassword,
        ["server"] = SimulatedServer,
        ["is_live"] = true,
        ["allowed_symbols"] = new JsonArray("EURUSD"),
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, JsonNode body) =>
        client.PostRawAsync(body.ToJsonString(), "application/json");

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string? contentType) =>
        client.PostBytesAsync(Encoding.UTF8.GetBytes(body), contentType);

    public static async Task<HttpResponseMessage> PostBytesAsync(this HttpClient client, byte[] body, string? contentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await client.PostAsync(AccountsPath, content);
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new JsonException($"Empty JSON body: '{text}'");
    }

    /// <summary>The entries of a 422 body.</summary>
    public static async Task<JsonArray> ReadValidationErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        return body["detail"] as JsonArray ?? throw new JsonException($"No detail list in {body.ToJsonString()}");
    }

    public static string Loc(JsonNode? error) =>
        string.Join('.', error!["loc"]!.AsArray().Select(part => part!.ToJsonString().Trim('"')));
}
