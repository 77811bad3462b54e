using System.Text;
using System.Text.Json;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.WebApi.Errors;

namespace AccountRegistry.WebApi.Binding;

/// <summary>
/// Turns the body of POST /api/v1/accounts into a <see cref="RegisterAccountCommand"/>: the JSON,
/// the object shape, each field's type, the required fields and the spec's defaults. The bounds
/// (lengths, ranges, literals) are the command validator's, in the mediator pipeline.
/// </summary>
internal static class RegisterAccountCommandReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 16,
        // Two values for one field is ambiguous (a proxy may read the first, we the last): refuse it.
        AllowDuplicateProperties = false,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The command, with the type errors of the fields that could not be read (those fields hold
    /// placeholders). A body that is no JSON object at all throws <see cref="RequestValidationException"/>.
    /// </summary>
    public static (RegisterAccountCommand Command, IReadOnlyList<ValidationError> TypeErrors) Read(
        ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.IsEmpty)
        {
            throw new RequestValidationException([new ValidationError("missing", ["body"], "Field required")]);
        }

        // A UTF-8 byte-order mark is no part of the JSON; Python's json.loads skips it too.
        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw InvalidJson(body.Span, exception);
        }
        catch (InvalidOperationException)
        {
            // A property name that is no valid text (an escaped lone surrogate), met while checking for duplicates.
            throw new RequestValidationException([new ValidationError(
                "json_invalid", ["body", 0], "JSON decode error",
                Ctx: new Dictionary<string, object> { ["error"] = "A property name is not valid Unicode text" })]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException([new ValidationError(
                    "model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from")]);
            }

            var fields = new FieldReader(root, cancellationToken);
            var command = new RegisterAccountCommand
            {
                Name = fields.RequiredString("name"),
                Broker = fields.RequiredString("broker"),
                Login = fields.RequiredInteger("login"),
                Password = new Password(fields.RequiredString("password", secret: true)),
                Server = fields.RequiredString("server"),
                IsLive = fields.OptionalBoolean("is_live", false),
                AllowedSymbols = fields.OptionalStringList("allowed_symbols", AccountLimits.MaxAllowedSymbols),
                MaxLotSize = fields.OptionalNumber("max_lot_size", AccountLimits.DefaultMaxLotSize, AccountLimits.MaxLotSize),
                RiskPct = fields.OptionalNumber("risk_pct", AccountLimits.DefaultRiskPct, AccountLimits.MaxRiskPct),
                AutoTradeEnabled = fields.OptionalBoolean("auto_trade_enabled", true),
                Mt5Path = fields.OptionalString("mt5_path", string.Empty),
                AccountType = fields.OptionalLiteral("account_type", nameof(AccountType.USD), nameof(AccountType.USD), nameof(AccountType.USC)),
            };

            return (command, fields.Errors);
        }
    }

    // FastAPI reports the character offset of the fault; the reason is ours, and never quotes the body.
    private static RequestValidationException InvalidJson(ReadOnlySpan<byte> body, JsonException exception)
    {
        var line = (int)(exception.LineNumber ?? 0);
        var byteInLine = (int)(exception.BytePositionInLine ?? 0);
        var lineStart = 0;
        for (var i = 0; i < line; i++)
        {
            var next = body[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        var offset = Math.Min(lineStart + byteInLine, body.Length);
        var position = Encoding.UTF8.GetCharCount(body[..offset]);
        var column = Encoding.UTF8.GetCharCount(body[lineStart..offset]) + 1;
        return new RequestValidationException([new ValidationError(
            "json_invalid",
            ["body", position],
            "JSON decode error",
            Ctx: new Dictionary<string, object> { ["error"] = $"Invalid JSON at line {line + 1}, column {column}" })]);
    }
}
