using AccountRegistry.WebApi.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes <c>X-Api-Key</c> as the document's security scheme (an API key in a header), required
/// by every operation under <c>/api</c>, as <see cref="ApiKeyMiddleware"/> requires it there. Without
/// configured keys (the anonymous mode) the key is optional, and the document says so.
/// </summary>
internal sealed class ApiKeySecurityTransformer(IOptions<ApiKeyOptions> keys) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.HeaderName,
            Description = "One of the keys whose SHA-256 is configured in Auth:ApiKeys; a missing or wrong key is a 401. " +
                "Without configured keys the API is anonymous and the header is not needed.",
        };

        var anonymous = keys.Value.ApiKeys.Count == 0;
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
                if (anonymous)
                {
                    operation.Security.Add(new OpenApiSecurityRequirement());
                }
            }
        }

        return Task.CompletedTask;
    }
}
