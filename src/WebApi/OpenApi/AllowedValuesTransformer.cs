using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// A path or query parameter with <see cref="AllowedValuesAttribute"/> (a literal, which the
/// parameter binder holds it to) is documented as the enum of those values.
/// </summary>
internal sealed class AllowedValuesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var literals = context.Description.ActionDescriptor.Parameters
            .OfType<ControllerParameterDescriptor>()
            .Select(parameter => (Name: parameter.BindingInfo?.BinderModelName ?? parameter.Name,
                Allowed: parameter.ParameterInfo.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: false).OfType<AllowedValuesAttribute>().FirstOrDefault()))
            .Where(parameter => parameter.Allowed is not null)
            .ToDictionary(parameter => parameter.Name, parameter => parameter.Allowed!.Values, StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && literals.TryGetValue(name, out var values) && parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = values.Select(value => (JsonNode)JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture))!).ToList();
            }
        }

        return Task.CompletedTask;
    }
}
