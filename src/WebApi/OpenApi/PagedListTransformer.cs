using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes the paging of an action marked <see cref="PagedListAttribute"/>: the action reads
/// <c>skip</c> and <c>limit</c> itself (to answer a bad value in FastAPI's shape), so the API
/// explorer does not see them.
/// </summary>
internal sealed class PagedListTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PagedListAttribute>().FirstOrDefault() is not { } paged)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(Query("skip", "How many items to pass over, in order", 0, paged.MaxSkip, 0));
        operation.Parameters.Add(Query("limit", "The most items to return", 1, paged.MaxLimit, paged.DefaultLimit));
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

    private static OpenApiParameter Query(string name, string description, int minimum, int maximum, int defaultValue) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = minimum.ToString(CultureInfo.InvariantCulture),
            Maximum = maximum.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(defaultValue),
        },
    };
}
