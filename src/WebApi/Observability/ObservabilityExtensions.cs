using AccountRegistry.Application.Common.Behaviours;
using AccountRegistry.Infrastructure.Settings;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AccountRegistry.WebApi.Observability;

/// <summary>
/// Metrics and traces through OpenTelemetry, each only when asked for: <c>Metrics:Enabled</c> serves
/// <c>/metrics</c> in Prometheus' text format; <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> sends traces there
/// (OTLP, with the standard <c>OTEL_*</c> variables). Neither set: no OpenTelemetry at all, and the
/// instruments, having no listener, cost next to nothing. See docs/decisions/022-metrics-and-traces.md.
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>The service name in traces and <c>target_info</c> when <c>OTEL_SERVICE_NAME</c> is unset.</summary>
    public const string DefaultServiceName = "account-registry";

    /// <summary>The standard variable that turns tracing on; read through configuration, so the environment or any source may set it.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The meters exported: the service's own, and ASP.NET Core's HTTP server, Kestrel, routing and
    /// rate limiting ones. Their tags are a route template, a method, a status, a policy: never a
    /// path with an id in it, a login or a key.
    /// </summary>
    internal static readonly string[] Meters =
    [
        VerificationTelemetry.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<MetricsOptions, MetricsOptionsValidator>(configuration.GetSection(MetricsOptions.SectionName));

        // Read now, as the pipeline is built from them; a value of the wrong type stops start-up with the binder's message.
        var metrics = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        var tracing = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        if (!metrics.Enabled && !tracing)
        {
            return services;
        }

        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (metrics.Enabled)
        {
            telemetry.WithMetrics(meter => meter
                .AddMeter(Meters)
                // Each scrape collects afresh: a scrape is a walk over a few dozen series, and a
                // cached answer would show a scraper counts that are up to the cache's age old.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        if (tracing)
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS and _TIMEOUT itself.
            telemetry.WithTracing(tracer => tracer
                .AddSource(VerificationTelemetry.MeterName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    // Probes and scrapes come every few seconds and say nothing worth a trace.
                    aspNetCore.Filter = http => !IsProbeOrScrape(http.Request.Path))
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>
    /// <c>/metrics</c>, when enabled: before the API key gate and the rate limiter, which guard <c>/api</c>
    /// only, and inside the request log (at Debug, as health probes).
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            var port = options.Port;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: http => http.Request.Path == MetricsPath && (port == 0 || http.Connection.LocalPort == port),
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }

        return app;
    }

    /// <summary>Health probes and metrics scrapes: logged at Debug, not traced.</summary>
    internal static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
