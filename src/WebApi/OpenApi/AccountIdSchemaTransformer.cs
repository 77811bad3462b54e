using AccountRegistry.WebApi.Parameters;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// A parameter bound as an <see cref="AccountId"/> is documented as what clients send: a 64-bit
/// integer (the API explorer knows it only as a route value, a string).
/// </summary>
internal sealed class AccountIdSchemaTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var ids = context.Description.ActionDescriptor.Parameters
            .Where(parameter => parameter.ParameterType == typeof(AccountId))
            .Select(parameter => parameter.BindingInfo?.BinderModelName ?? parameter.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && ids.Contains(name))
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
            }
        }

        return Task.CompletedTask;
    }
}
