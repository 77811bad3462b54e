using System.Globalization;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// The <c>code</c> of an error body is documented as the enum of <see cref="ErrorCodes.All"/>, each
/// code with its status and meaning in the description: the catalogue the service answers from.
/// </summary>
internal sealed class ErrorCodeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is { } property && property.DeclaringType == typeof(ErrorResponse)
            && property.Name == ApiJson.Naming.ConvertName(nameof(ErrorResponse.Code)))
        {
            // Never null when sent: left out where an error has no code.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. ErrorCodes.All.Select(code => (JsonNode)JsonValue.Create(code.Code))];
            schema.Description = "Why, as a stable code to branch on (the detail is for people and may be reworded): "
                + string.Join("; ", ErrorCodes.All.Select(code => string.Create(CultureInfo.InvariantCulture, $"{code.Code} ({code.Status}): {code.Meaning}")));
        }

        return Task.CompletedTask;
    }
}
