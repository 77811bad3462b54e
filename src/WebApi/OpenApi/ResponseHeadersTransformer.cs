using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes the headers that come with a status, whichever action answers it: <c>Location</c> on a
/// 201 (the new resource), and <c>Retry-After</c> on a 429, a 503, and a 409 that reports work in
/// progress (the service's error writer sets it on each of them).
/// </summary>
internal sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var (status, found) in operation.Responses ?? [])
        {
            if (found is not OpenApiResponse response)
            {
                continue;
            }

            switch (status)
            {
                case "201":
                    Add(response, HeaderNames.Location, "The path of the resource created", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
                    break;
                case "409":
                    Add(response, HeaderNames.RetryAfter, "Seconds to wait before trying again; sent when the conflict is work in progress, not a state that lasts", Seconds());
                    break;
                case "429" or "503":
                    Add(response, HeaderNames.RetryAfter, "Seconds to wait before trying again", Seconds());
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Seconds() => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" };

    private static void Add(OpenApiResponse response, string name, string description, OpenApiSchema schema)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema };
    }
}
