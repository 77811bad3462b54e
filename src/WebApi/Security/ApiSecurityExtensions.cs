using System.Net;
using System.Threading.RateLimiting;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

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
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .Validate(o => o.RegisterPerMinute is >= 0 and <= 100_000 && o.ReadPerMinute is >= 0 and <= 100_000 && o.FailedAuthPerMinute is >= 0 and <= 100_000,
                "RateLimiting:RegisterPerMinute, ReadPerMinute and FailedAuthPerMinute must be between 0 (no limit) and 100000.")
            .Validate(o => o.WritePerMinute is >= 0 and <= 100_000, "RateLimiting:WritePerMinute must be between 0 (no limit) and 100000.")
            .ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName))
            .Validate(o => o.ApiKeys.All(IsSha256Hex), "Auth:ApiKeys entries must be the lowercase hex SHA-256 (64 characters) of a key, never the key itself.")
            // Every request is compared with every key (in constant time): the list is bounded.
            .Validate(o => o.ApiKeys.Count <= MaxListEntries, $"Auth:ApiKeys may hold at most {MaxListEntries} keys.")
            .Validate<IHostEnvironment>(
                (o, environment) => environment.IsDevelopment() || o.ApiKeys.Count > 0 || o.AllowAnonymous,
                "No API key is configured (Auth:ApiKeys): configure Auth:ApiKeys:0 with the SHA-256 hex of a key, " +
                "or set Auth:AllowAnonymous=true if anonymous access is intended.")
            .ValidateOnStart();
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.SectionName))
            .Validate(o => o.TrustedProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:TrustedProxies entries must be IP addresses.")
            .Validate(o => o.TrustedProxies.Count <= MaxListEntries, $"ForwardedHeaders:TrustedProxies may hold at most {MaxListEntries} addresses.")
            .ValidateOnStart();

        var cors = configuration.GetSection(CorsOptions.SectionName).Get<CorsOptions>() ?? new CorsOptions();
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins([.. cors.AllowedOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", ApiKeyMiddleware.HeaderName, "Idempotency-Key")
            .WithExposedHeaders("Location", "Retry-After", "X-Total-Count")));

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

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
