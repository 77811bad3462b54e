namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>RateLimiting</c> section. 0 turns a limit off (load tests, trusted networks).</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Registrations per client address per minute. Each one can cost a terminal login.</summary>
    public int RegisterPerMinute { get; set; } = 10;

    /// <summary>Reads per client address per minute.</summary>
    public int ReadPerMinute { get; set; } = 300;

    /// <summary>
    /// Changes and deletions (PATCH, DELETE) per client address per minute. They ask MT5 nothing,
    /// so they are not held to the registrations' limit; each is one database write.
    /// </summary>
    public int WritePerMinute { get; set; } = 60;

    /// <summary>
    /// Requests with a wrong or missing API key per client address per minute (when keys are
    /// configured). Past it, every request from the address gets 429 until the minute is over,
    /// whatever key it carries, so keys cannot be guessed at speed.
    /// </summary>
    public int FailedAuthPerMinute { get; set; } = 10;
}

/// <summary>The <c>Auth</c> section.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The lowercase hex SHA-256 of each accepted key, never the key itself. Empty: the API is
    /// anonymous, as the spec allows.
    /// </summary>
    public List<string> ApiKeys { get; init; } = [];

    /// <summary>
    /// Outside Development the service refuses to start without API keys unless this says that
    /// anonymous access (the spec's original mode) is intended.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}

/// <summary>The <c>Docs</c> section.</summary>
public sealed class DocsOptions
{
    public const string SectionName = "Docs";

    /// <summary>Serve /docs and /openapi/v1.json. Unset: in Development only.</summary>
    public bool? Enabled { get; set; }
}

/// <summary>The <c>Cors</c> section.</summary>
public sealed class CorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>The web frontend's origins, e.g. <c>https://app.example.com</c>. None by default.</summary>
    public List<string> AllowedOrigins { get; init; } = [];
}

/// <summary>The <c>ForwardedHeaders</c> section.</summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// Addresses of the reverse proxies whose X-Forwarded-For is believed. None by default: the
    /// client address is then the connection's, never a header anyone can send.
    /// </summary>
    public List<string> TrustedProxies { get; init; } = [];
}
