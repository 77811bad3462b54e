using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>Puts the spec's request and response examples on the register operation.</summary>
internal sealed class RegisterAccountExamplesTransformer : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.HttpMethod != "POST" || context.Description.RelativePath != "api/v1/accounts")
        {
            return Task.CompletedTask;
        }

        operation.Description ??= "Verifies credentials against MT5, encrypts the password, stores the account, and returns the created record.";
        if (operation.RequestBody?.Content is { } content && content.TryGetValue(Json, out var request))
        {
            request.Example = JsonNode.Parse("""
                {
                  "name": "Live Trading Account",
                  "broker": "MetaQuotes",
                  "login": 12345678,
                  "password": "MyMT5Password",
                  "server": "MetaQuotes-Demo",
                  "is_live": false,
                  "allowed_symbols": ["EURUSD", "GBPUSD"],
                  "max_lot_size": 0.1,
                  "risk_pct": 0.01,
                  "auto_trade_enabled": true,
                  "account_type": "USD"
                }
                """);
        }

        Example(operation, "201", """
            {
              "id": 42,
              "name": "Live Trading Account",
              "broker": "MetaQuotes",
              "login": 12345678,
              "server": "MetaQuotes-Demo",
              "is_live": false,
              "is_active": true,
              "allowed_symbols": ["EURUSD", "GBPUSD"],
              "max_lot_size": 0.1,
              "risk_pct": 0.01,
              "auto_trade_enabled": true,
              "paper_trade_enabled": false,
              "mt5_path": "",
              "account_type": "USD",
              "created_at": "2026-05-16T14:30:00Z"
            }
            """);
        Example(operation, "400", """
            {"detail": "MT5 rejected the credentials for login 12345678 on server MetaQuotes-Demo (Invalid account); check the login, the password and the server name", "code": "credentials_rejected"}
            """);
        Example(operation, "409", """{"detail": "Account 12345678 already exists", "code": "already_exists"}""");
        Example(operation, "413", """{"detail": "Request body too large; the limit is 65536 bytes", "code": "payload_too_large"}""");
        Example(operation, "422", """
            {"detail": [
              {"type": "missing", "loc": ["body", "login"], "msg": "Field required"},
              {"type": "string_too_long", "loc": ["body", "name"], "msg": "String should have at most 100 characters", "input": "...", "ctx": {"max_length": 100}}
            ]}
            """);
        Example(operation, "401", """{"detail": "Missing or invalid API key", "code": "api_key_rejected"}""");
        Example(operation, "415", """{"detail": "Unsupported Media Type", "code": "unsupported_media_type"}""");
        Example(operation, "429", """{"detail": "Too many requests from this address; try again in 42 s", "code": "rate_limited"}""");
        Example(operation, "500", """{"detail": "Internal server error", "code": "internal_error"}""");
        Example(operation, "503", """{"detail": "MT5 connection failed; try again later", "code": "terminal_timeout"}""");
        return Task.CompletedTask;
    }

    private static void Example(OpenApiOperation operation, string status, string json)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true
            && response.Content?.TryGetValue(Json, out var media) == true)
        {
            media.Example = JsonNode.Parse(json);
        }
    }
}
