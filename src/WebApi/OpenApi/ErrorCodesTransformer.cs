using System.Globalization;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Each documented error status whose body is an <see cref="ErrorResponse"/> says which codes it
/// carries, from <see cref="ErrorCodes.All"/>: the codes of that status anywhere in the API, since an
/// action does not declare which outcomes it reaches. FastAPI's 422 list has no code.
/// </summary>
internal sealed class ErrorCodesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var documented in context.Description.SupportedResponseTypes.Where(type => type.Type == typeof(ErrorResponse)))
        {
            var status = documented.StatusCode.ToString(CultureInfo.InvariantCulture);
            var codes = ErrorCodes.All.Where(code => code.Status == documented.StatusCode).Select(code => code.Code).ToList();
            if (codes.Count == 0 || operation.Responses?.TryGetValue(status, out var found) != true || found is not OpenApiResponse response)
            {
                continue;
            }

            var said = response.Description?.Trim() ?? string.Empty;
            var list = $"The body's code is one of: {string.Join(", ", codes)}.";
            response.Description = said.Length == 0 ? list : $"{(said.EndsWith('.') ? said : said + ".")} {list}";
        }

        return Task.CompletedTask;
    }
}
