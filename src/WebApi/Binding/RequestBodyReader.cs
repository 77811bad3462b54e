using System.Text;
using System.Text.Json;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;

namespace AccountRegistry.WebApi.Binding;

/// <summary>
/// Turns a request body into its request type: the JSON, the object shape, then each field as the
/// type's <see cref="RequestContract"/> says (its type, required or not, its default). The bounds
/// (lengths, ranges, literals) are the type's validators', in the mediator pipeline.
/// </summary>
internal static class RequestBodyReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 16,
        // Two values for one field is ambiguous (a proxy may read the first, we the last): refuse it.
        AllowDuplicateProperties = false,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The request, with the type errors of the fields that could not be read (those fields hold
    /// placeholders). A body that is no JSON object at all throws <see cref="RequestValidationException"/>.
    /// </summary>
    public static (object Request, IReadOnlyList<ValidationError> TypeErrors) Read(
        RequestContract contract, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (body.IsEmpty)
        {
            throw new RequestValidationException([ValidationErrors.Of(PydanticErrors.Missing(), ["body"])]);
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
            throw new RequestValidationException([
                ValidationErrors.Of(PydanticErrors.JsonInvalid("A property name is not valid Unicode text"), ["body", 0])]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException([ValidationErrors.Of(PydanticErrors.ModelAttributesType(), ["body"])]);
            }

            return contract.Read(root, cancellationToken);
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
        return new RequestValidationException([ValidationErrors.Of(
            PydanticErrors.JsonInvalid($"Invalid JSON at line {line + 1}, column {column}"), ["body", position])]);
    }
}
