using System.Globalization;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Domain.Accounts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes the register request as the wire sees it (snake_case fields, the password a string,
/// the spec's bounds and defaults); the command type alone would show the password's wrapper.
/// </summary>
internal sealed class RegisterAccountSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(RegisterAccountCommand))
        {
            return Task.CompletedTask;
        }

        schema.Description = "An MT5 account to register. Unknown fields are ignored.";
        schema.Required = new HashSet<string>(["name", "broker", "login", "password", "server"]);
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["name"] = Text("Human-readable account label", AccountLimits.NameMaxLength),
            ["broker"] = Text("Broker name", AccountLimits.BrokerMaxLength),
            ["login"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int64",
                ExclusiveMinimum = "0",
                Description = "MT5 account number",
            },
            ["password"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "password",
                MinLength = 1,
                MaxLength = AccountLimits.PasswordMaxLength,
                WriteOnly = true,
                Description = "MT5 password; encrypted before storage and never returned",
            },
            ["server"] = Text("MT5 server name, as the broker spells it", AccountLimits.ServerMaxLength),
            ["is_live"] = Flag("True for a live (real) account; must match what MT5 reports", false),
            ["allowed_symbols"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = Text("A symbol, as the server names it (an exact or case-insensitive match)", AccountLimits.SymbolMaxLength),
                MaxItems = AccountLimits.MaxAllowedSymbols,
                UniqueItems = true,
                Default = new JsonArray(),
                Description = "Symbols a strategy may trade; each must exist on the server",
            },
            ["max_lot_size"] = Fraction("Max trade volume in lots", AccountLimits.MaxLotSize, AccountLimits.DefaultMaxLotSize),
            ["risk_pct"] = Fraction("Risk per trade as a fraction (0.01 is 1%)", AccountLimits.MaxRiskPct, AccountLimits.DefaultRiskPct),
            ["auto_trade_enabled"] = Flag("Enable automated trading; needs an account MT5 lets trade", true),
            ["mt5_path"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MaxLength = AccountLimits.Mt5PathMaxLength,
                Default = JsonValue.Create(string.Empty),
                Description = "Path to terminal64.exe; empty uses the service's global terminal",
            },
            ["account_type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("USD"), JsonValue.Create("USC")],
                Default = JsonValue.Create("USD"),
                Description = "Account currency type: USD, or USC for a cent account; must match the account's currency",
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description, int maxLength) => new()
    {
        Type = JsonSchemaType.String,
        MinLength = 1,
        MaxLength = maxLength,
        Description = description,
    };

    private static OpenApiSchema Flag(string description, bool fallback) => new()
    {
        Type = JsonSchemaType.Boolean,
        Default = JsonValue.Create(fallback),
        Description = description,
    };

    private static OpenApiSchema Fraction(string description, decimal maximum, decimal fallback) => new()
    {
        Type = JsonSchemaType.Number,
        ExclusiveMinimum = "0",
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(fallback),
        Description = description,
    };
}
