using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// A response property marked <see cref="AllowedValuesAttribute"/> is documented as the enum of its
/// values (<c>account_type</c>: <c>["USD", "USC"]</c>; an audit event's <c>type</c>). Path and query
/// parameters get theirs from <see cref="AllowedValuesTransformer"/>; request bodies from their
/// validators (<see cref="RequestBodySchemaTransformer"/>).
/// </summary>
internal sealed class AllowedValuesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true)
                .OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
        {
            schema.Enum = [.. allowed.Values.Select(value => (JsonNode)JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture))!)];
        }

        return Task.CompletedTask;
    }
}
