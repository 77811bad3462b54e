using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using AccountRegistry.WebApi.Errors;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>
/// When API keys are configured, every <c>/api</c> route needs <c>X-Api-Key</c>. The key is hashed
/// and compared in constant time with each configured hash; a missing or wrong key gets 401.
/// Wrong keys are counted per client address (<c>RateLimiting:FailedAuthPerMinute</c>): past the
/// limit every request from that address gets 429 until its minute is over, right key or not, so
/// that keys cannot be guessed at speed. Health and documentation stay open.
/// </summary>
internal sealed class ApiKeyMiddleware : IDisposable
{
    public const string HeaderName = "X-Api-Key";

    // The key's id, kept with what is stored for its caller: the start of its hash, never the key.
    private const int KeyIdLength = 12;

    private readonly RequestDelegate _next;
    private readonly (byte[] Hash, string Id)[] _keys;
    private readonly PartitionedRateLimiter<string>? _failures;
    private readonly ErrorResponseWriter _errors;

    public ApiKeyMiddleware(
        RequestDelegate next, IOptions<ApiKeyOptions> keys, IOptions<RateLimitingOptions> limits, TimeProvider clock, ErrorResponseWriter errors)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(limits);
        _next = next;
        _errors = errors;
        _keys = keys.Value.ApiKeys
            .Where(hash => !string.IsNullOrWhiteSpace(hash))
            .Select(hash => hash.Trim())
            .Select(hash => (Convert.FromHexString(hash), hash[..KeyIdLength]))
            .ToArray();
        var perMinute = limits.Value.FailedAuthPerMinute;
        _failures = _keys.Length == 0 || perMinute == 0
            ? null
            : PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.Get(client, _ => new ClientLimiter(perMinute, TimeSpan.FromMinutes(1), 0, clock)));
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_keys.Length == 0 || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || HttpMethods.IsOptions(context.Request.Method))
        {
            return _next(context);
        }

        var client = ClientAddress.Of(context);
        if (_failures is not null)
        {
            using var probe = _failures.AttemptAcquire(client, 0);
            if (!probe.IsAcquired)
            {
                return _errors.WriteAsync(context, ApiErrors.TooManyApiKeyFailures(probe));
            }
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 && Find(presented) is { } id)
        {
            context.Features.Set(new AuthenticatedApiKey(id));
            return _next(context);
        }

        _failures?.AttemptAcquire(client).Dispose();
        return _errors.WriteAsync(context, ApiErrors.ApiKeyRejected());
    }

    public void Dispose() => _failures?.Dispose();

    private string? Find(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? found = null;
        // Every hash is compared, so the time taken says nothing about which one (if any) matched.
        foreach (var (candidate, id) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                found = id;
            }
        }

        return found;
    }
}
