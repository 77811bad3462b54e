using AccountRegistry.Application.Common.Interfaces;

namespace AccountRegistry.WebApi.Security;

/// <summary>The API key a request was let in with (see <see cref="ApiKeyMiddleware"/>).</summary>
internal sealed record AuthenticatedApiKey(string Id);

/// <summary><see cref="ICaller"/> for the current HTTP request.</summary>
internal sealed class HttpCaller(IHttpContextAccessor accessor) : ICaller
{
    private HttpContext Context => accessor.HttpContext
        ?? throw new InvalidOperationException("There is no current HTTP request to tell the caller from.");

    public string Address => ClientAddress.Of(Context);

    public string Id => Context.Features.Get<AuthenticatedApiKey>() is { } key ? "key:" + key.Id : "address:" + Address;
}
