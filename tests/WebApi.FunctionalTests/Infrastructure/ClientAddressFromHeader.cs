using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// The test server has no socket: this gives each request the client address a test names in
/// <see cref="HeaderName"/>, as if it had connected from there (add it with
/// <c>services.AddTransient&lt;IStartupFilter, ClientAddressFromHeader&gt;()</c>).
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string HeaderName = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(HeaderName, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>A register request from <paramref name="address"/>.</summary>
    public static HttpRequestMessage Register(System.Text.Json.Nodes.JsonNode body, string address, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(HeaderName, address);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return request;
    }
}
