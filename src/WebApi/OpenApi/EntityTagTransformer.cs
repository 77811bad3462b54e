using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes the <c>ETag</c> of the success responses (200, 201, and a 204 but a deletion's) of an action marked
/// <see cref="EntityTagAttribute"/>, and its <c>If-Match</c> request header when it takes one.
/// </summary>
internal sealed class EntityTagTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<EntityTagAttribute>().FirstOrDefault() is not { } tag)
        {
            return Task.CompletedTask;
        }

        // A deletion's 204 has no account left to tag.
        string[] statuses = HttpMethods.IsDelete(context.Description.HttpMethod ?? string.Empty) ? ["200", "201"] : ["200", "201", "204"];
        foreach (var status in statuses)
        {
            if (operation.Responses?.TryGetValue(status, out var found) == true && found is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[HeaderNames.ETag] = new OpenApiHeader
                {
                    Description = "The account's version, as a strong entity tag (\"3\"); send it as If-Match to change the account only if it is still this version",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Example = JsonValue.Create("\"3\""),
                };
            }
        }

        if (tag.AcceptsIfMatch)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = EntityTagAttribute.IfMatchHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Act only if the account is still at one of these versions (ETags from earlier responses), or exists at all (*); " +
                    "otherwise 412 and nothing changes. Without it the last write wins.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create("\"3\""),
            });
        }

        return Task.CompletedTask;
    }
}
