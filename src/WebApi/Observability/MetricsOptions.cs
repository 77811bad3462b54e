using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.WebApi.Observability;

/// <summary>The <c>Metrics</c> section: the Prometheus scrape endpoint.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>/metrics</c> (Prometheus' text format). Off by default: it tells anyone who can reach it the shape of the traffic.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// When not 0, <c>/metrics</c> answers only requests that reached the service on this local port
    /// (one the service also listens on, e.g. <c>--urls "http://0.0.0.0:8000;http://127.0.0.1:9464"</c>),
    /// so that the scrape port can be kept off the public one; elsewhere it is 404. The connection's
    /// port, not the Host header, which a client writes.
    /// </summary>
    [SettingRange("Metrics:Port", 0, 65535, ErrorMessage = "{0} must be between {1} (any port) and {2}.")]
    public int Port { get; set; }
}
