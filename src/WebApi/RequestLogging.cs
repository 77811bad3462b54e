using System.Diagnostics;
using System.Net;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AccountRegistry.WebApi;

/// <summary>
/// The service's logs: one line per request (Serilog's request logging), and <c>Serilog:Json</c>,
/// which turns the console into compact JSON. See docs/decisions/011-request-logging.md.
/// </summary>
internal static class RequestLogging
{
    /// <summary><c>true</c>: each console sink writes one JSON object per line (Serilog's rendered compact JSON).</summary>
    public const string JsonKey = "Serilog:Json";

    /// <summary>
    /// The configuration Serilog reads: <paramref name="configuration"/> itself, or, with
    /// <c>Serilog:Json=true</c>, with every console sink that names no formatter of its own given the
    /// compact JSON one. A value of <c>Serilog:Json</c> that is not a boolean stops start-up.
    /// </summary>
    public static IConfiguration SerilogConfiguration(IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(JsonKey))
        {
            return configuration;
        }

        var formatter = $"{typeof(RenderedCompactJsonFormatter).FullName}, {typeof(RenderedCompactJsonFormatter).Assembly.GetName().Name}";
        var json = configuration.GetSection("Serilog:WriteTo").GetChildren()
            .Where(sink => string.Equals(sink["Name"], "Console", StringComparison.OrdinalIgnoreCase) && sink["Args:formatter"] is null)
            .ToDictionary(sink => $"{sink.Path}:Args:formatter", _ => (string?)formatter);
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(json).Build();
    }

    /// <summary>
    /// One line per request, once it is answered: method, path (never the query; escaped as in a
    /// URL, so that it cannot break the line), status, time, client address and trace id. Health probes and metrics scrapes are logged at Debug; a request that failed with
    /// an exception or a 5xx at Error.
    /// </summary>
    public static void Configure(RequestLoggingOptions options)
    {
        options.MessageTemplate = "HTTP {RequestMethod:l} {Path:l} responded {StatusCode} in {Elapsed:0.0} ms from {ClientAddress:l}, trace {TraceId:l}";
        options.GetLevel = static (http, _, exception) =>
            exception is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
            : Observability.ObservabilityExtensions.IsProbeOrScrape(http.Request.Path) ? LogEventLevel.Debug
            : LogEventLevel.Information;
        options.EnrichDiagnosticContext = static (diagnostics, http) =>
        {
            // The path as a URL writes it: RequestPath is decoded, and a %0A in it would start a
            // line of the text log that the service never wrote.
            diagnostics.Set("Path", http.Request.PathBase.Add(http.Request.Path).ToUriComponent());
            diagnostics.Set("ClientAddress", Address(http.Connection.RemoteIpAddress));
            diagnostics.Set("TraceId", TraceId(http));
        };
    }

    /// <summary>
    /// The request's trace id as its log line gives it: the W3C trace id (32 hex digits), the one a
    /// caller's <c>traceparent</c> carries; the audit trail records the same.
    /// </summary>
    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    // After trusted proxies have had their say: the client's address, an IPv4 one as IPv4.
    private static string Address(IPAddress? address) =>
        address is null ? "unknown"
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
        : address.ToString();
}
