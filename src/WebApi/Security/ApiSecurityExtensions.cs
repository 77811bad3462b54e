using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>Rate limits, API keys, CORS, trusted proxies and security headers.</summary>
public static class ApiSecurityExtensions
{
    public const string RegisterPolicy = "register";
    public const string ReadPolicy = "read";
    private const string CorsPolicy = "frontend";

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .Validate(o => o.RegisterPerMinute >= 0 && o.ReadPerMinute >= 0, "RateLimiting limits must not be negative (0 turns a limit off).")
            .ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName))
            .Validate(o => o.ApiKeys.All(IsSha256Hex), "Auth:ApiKeys entries must be the lowercase hex SHA-256 (64 characters) of a key, never the key itself.")
            .ValidateOnStart();
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.SectionName))
            .Validate(o => o.TrustedProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:TrustedProxies entries must be IP addresses.")
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
            limiter.OnRejected = static (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiExceptionHandler.WriteDetailAsync(
                    context.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"Too many requests; try again in {seconds} s", cancellationToken));
            };
            limiter.AddPolicy(RegisterPolicy, http => PerClient(http, o => o.RegisterPerMinute));
            limiter.AddPolicy(ReadPolicy, http => PerClient(http, o => o.ReadPerMinute));
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

    // Limits are per client address; each instance counts its own (see the README).
    private static RateLimitPartition<string> PerClient(HttpContext http, Func<RateLimitingOptions, int> limit)
    {
        var permits = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value);
        var client = http.Connection.RemoteIpAddress is { } address ? ClientKey(address) : "unknown";
        return permits == 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    }

    // An IPv6 client usually holds a whole /64, and could take a fresh address for every request:
    // its limit is per /64. IPv4 (also when mapped into IPv6) is per address.
    private static string ClientKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
