using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// A response property or a path or query parameter marked <see cref="AllowedValuesAttribute"/> is
/// documented as the enum of its values (<c>account_type</c>: <c>["USD", "USC"]</c>). Request bodies
/// take their literals from their validators (<see cref="RequestBodySchemaTransformer"/>).
/// </summary>
internal sealed class AllowedValuesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var allowed = context.JsonPropertyInfo is { } property
            ? property.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true).OfType<AllowedValuesAttribute>().FirstOrDefault()
            : (context.ParameterDescription?.ParameterDescriptor as ControllerParameterDescriptor)?.ParameterInfo.GetCustomAttribute<AllowedValuesAttribute>();
        if (allowed is not null)
        {
            schema.Enum = [.. allowed.Values.Select(value => (JsonNode)JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture))!)];
        }

        return Task.CompletedTask;
    }
}
