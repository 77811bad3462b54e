using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.WebApi.Security;

/// <summary>The API key a request was let in with (see <see cref="ApiKeyMiddleware"/>).</summary>
internal sealed record AuthenticatedApiKey(string Id);

/// <summary><see cref="ICaller"/> for the current HTTP request.</summary>
internal sealed class HttpCaller(IHttpContextAccessor accessor) : ICaller
{
    private HttpContext Context => accessor.HttpContext
        ?? throw new InvalidOperationException("There is no current HTTP request to tell the caller from.");

    public string Address => ClientAddress.Of(Context);

    // With API keys, the key and the address together: one key is often shared by every user of a
    // frontend, and a key's caller must not be able to test bodies stored by another of them.
    // The trace id as the request's log line gives it, so that an audit entry leads to its request.
    public AuditActor Actor => new(Id, RequestLogging.TraceId(Context));

    public string Id => Context.Features.Get<AuthenticatedApiKey>() is { } key ? $"key:{key.Id}|address:{Address}" : "address:" + Address;
}
