using System.Globalization;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// A documented error status that carries codes (400, 503) says which, from <see cref="ErrorCodes.All"/>:
/// the codes of that status anywhere in the API, as an operation does not declare which outcomes it reaches.
/// </summary>
internal sealed class ErrorCodesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var (status, found) in operation.Responses ?? [])
        {
            if (found is not OpenApiResponse response || !int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                continue;
            }

            var codes = ErrorCodes.All.Where(c => c.Status == code).Select(c => c.Code).ToList();
            if (codes.Count > 0)
            {
                var said = response.Description?.Trim() ?? string.Empty;
                var list = $"The body's code is one of: {string.Join(", ", codes)}.";
                response.Description = said.Length == 0 ? list : $"{(said.EndsWith('.') ? said : said + ".")} {list}";
            }
        }

        return Task.CompletedTask;
    }
}
