using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes the <c>X-Total-Count</c> header of an action marked <see cref="PagedListAttribute"/>
/// (its <c>skip</c> and <c>limit</c> are described from the parameters themselves).
/// </summary>
internal sealed class PagedListTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<PagedListAttribute>().Any())
        {
            return Task.CompletedTask;
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[PagedListAttribute.TotalCountHeader] = new OpenApiHeader
            {
                Description = "How many items there are in all",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
            };
        }

        return Task.CompletedTask;
    }
}
