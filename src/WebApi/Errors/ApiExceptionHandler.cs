using Microsoft.AspNetCore.Diagnostics;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// Where exceptions become HTTP responses: each is mapped by <see cref="ApiErrors.From"/> and
/// answered by the <see cref="ErrorResponseWriter"/>, like every other error the API sends.
/// </summary>
internal sealed class ApiExceptionHandler(ErrorResponseWriter writer) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(httpContext, ApiErrors.From(exception, httpContext.RequestAborted.IsCancellationRequested));
        return true;
    }
}
