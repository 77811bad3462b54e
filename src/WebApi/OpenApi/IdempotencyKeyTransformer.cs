using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>Describes the <c>Idempotency-Key</c> request header of every action marked <see cref="IdempotentAttribute"/>.</summary>
internal sealed class IdempotencyKeyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentAttribute>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyMiddleware.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "A key of the client's choosing (printable ASCII, no spaces) that makes a retry safe: within 24 hours, the same key " +
                "with the same body gets the first answer again (marked Idempotent-Replayed: true) without doing the work twice; " +
                "with another body, 422.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = ApiErrors.IdempotencyKeyMaxLength,
                Pattern = "^[!-~]+$",
            },
        });
        return Task.CompletedTask;
    }
}
