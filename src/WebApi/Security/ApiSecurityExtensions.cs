using System.Net;
using System.Threading.RateLimiting;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Settings;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Idempotency;
using AccountRegistry.WebApi.OpenApi;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AccountRegistry.WebApi.Security;

/// <summary>Rate limits, API keys, CORS, trusted proxies and security headers.</summary>
public static class ApiSecurityExtensions
{
    public const string RegisterPolicy = "register";

    /// <summary>The most entries a configured list may hold (API keys, trusted proxies).</summary>
    internal const int MaxListEntries = 100;
    public const string ReadPolicy = "read";

    /// <summary>Changes and deletions of stored accounts: no MT5 login, so not the registrations' limit.</summary>
    public const string WritePolicy = "write";
    private const string CorsPolicy = "frontend";

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RateLimitingOptions, RateLimitingOptionsValidator>(configuration.GetSection(RateLimitingOptions.SectionName));
        services.AddSettings<ApiKeyOptions, ApiKeyOptionsValidator>(configuration.GetSection(ApiKeyOptions.SectionName));
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, AnonymousAccessValidator>();
        services.AddSettings<TrustedProxyOptions, TrustedProxyOptionsValidator>(configuration.GetSection(TrustedProxyOptions.SectionName));
        services.AddSettings<CorsOptions, CorsOptionsValidator>(configuration.GetSection(CorsOptions.SectionName));
        var cors = configuration.GetSection(CorsOptions.SectionName).Get<CorsOptions>() ?? new CorsOptions();
        var origins = new OriginAllowlist(cors.AllowedOrigins);
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .SetIsOriginAllowed(origins.Allows)
            // Every method the API serves (a preflight's OPTIONS is answered by the CORS middleware itself),
            // the request headers a frontend sends, and the response headers it needs to read.
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders(HeaderNames.ContentType, ApiKeyMiddleware.HeaderName, HeaderNames.IfMatch, IdempotencyMiddleware.HeaderName)
            .WithExposedHeaders(HeaderNames.ETag, HeaderNames.Location, HeaderNames.RetryAfter, PagedListAttribute.TotalCountHeader, IdempotencyMiddleware.ReplayedHeaderName)));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (context, _) => new ValueTask(context.HttpContext.RequestServices
                .GetRequiredService<ErrorResponseWriter>().WriteAsync(context.HttpContext, ApiErrors.RateLimited(context.Lease)));
            limiter.AddPolicy(RegisterPolicy, http => PerClient(http, o => o.RegisterPerMinute, VerificationsAtOnce(http)));
            limiter.AddPolicy(ReadPolicy, http => PerClient(http, o => o.ReadPerMinute, 0));
            limiter.AddPolicy(WritePolicy, http => PerClient(http, o => o.WritePerMinute, 0));
        });
        return services;
    }

    /// <summary>Goes first in the pipeline: the client address must be settled before anything reads it.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.TrustedProxies;
        if (proxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        return app;
    }

    /// <summary>Security headers, CORS and API keys: outside everything that may answer for the API.</summary>
    public static WebApplication UseApiGate(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }

    // A registration in flight is a verification queued or running (or about to be): one client may
    // hold at most Mt5:MaxVerificationsPerClient of the terminals' time at once.
    private static int VerificationsAtOnce(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Mt5Options>>().Value.MaxVerificationsPerClient;

    // Limits are per client address (each policy keeps its own partitions); each instance counts its own (see the README).
    private static RateLimitPartition<string> PerClient(HttpContext http, Func<RateLimitingOptions, int> perMinute, int concurrent)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var permits = perMinute(options);
        var client = ClientAddress.Of(http);
        return permits == 0 && concurrent == 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.Get(client, _ => new ClientLimiter(permits, TimeSpan.FromMinutes(1), concurrent, clock));
    }
}
