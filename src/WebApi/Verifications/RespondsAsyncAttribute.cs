using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// The action honours <c>Prefer: respond-async</c> (it queues a verification job and answers 202).
/// Every response of the action, errors included, says <c>Vary: Prefer</c>, since the header
/// changes the answer; the OpenAPI document describes the header and the 202 from this mark.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RespondsAsyncAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        // At the start of the response, so that an error written by the exception handler (which
        // clears the headers) carries it too.
        response.OnStarting(() =>
        {
            response.Headers.Append(HeaderNames.Vary, AsyncPreference.HeaderName);
            return Task.CompletedTask;
        });
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
