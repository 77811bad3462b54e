using AccountRegistry.WebApi.Verifications;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes, on every action marked <see cref="RespondsAsyncAttribute"/>, the <c>Prefer</c> request
/// header and the headers of its 202: <c>Location</c> of the job, <c>Retry-After</c> (a polling
/// hint) and <c>Preference-Applied</c>. The 202's body is declared on the action.
/// </summary>
internal sealed class RespondAsyncTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<RespondsAsyncAttribute>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = AsyncPreference.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "RFC 7240 preferences. With respond-async the request is validated (422 at once), queued, and answered 202 " +
                "with the job; GET its Location until its status is succeeded or failed, and read its result there. Other preferences are ignored.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

        if (operation.Responses?.TryGetValue("202", out var found) == true && found is OpenApiResponse accepted)
        {
            accepted.Headers ??= new Dictionary<string, IOpenApiHeader>();
            accepted.Headers[HeaderNames.Location] = new OpenApiHeader
            {
                Description = "The job: GET it until it has ended",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
            accepted.Headers[HeaderNames.RetryAfter] = new OpenApiHeader
            {
                Description = "Seconds until the job is likely to have ended: when to look first",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
            };
            accepted.Headers[AsyncPreference.AppliedHeaderName] = new OpenApiHeader
            {
                Description = "respond-async: the request was queued",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        return Task.CompletedTask;
    }
}
