using System.Security.Cryptography;
using System.Text;
using AccountRegistry.WebApi.Errors;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Security;

/// <summary>
/// When API keys are configured, every <c>/api</c> route needs <c>X-Api-Key</c>. The key is hashed
/// and compared in constant time with each configured hash; a missing or wrong key gets 401.
/// Health and documentation stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiKeyOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _hashes = options.Value.ApiKeys
        .Where(hash => !string.IsNullOrWhiteSpace(hash))
        .Select(hash => Convert.FromHexString(hash.Trim()))
        .ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (_hashes.Length == 0 || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || HttpMethods.IsOptions(context.Request.Method))
        {
            return next(context);
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 && IsKnown(presented))
        {
            return next(context);
        }

        return ApiExceptionHandler.WriteDetailAsync(context, StatusCodes.Status401Unauthorized, "Missing or invalid API key", context.RequestAborted);
    }

    private bool IsKnown(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var known = false;
        // Every hash is compared, so the time taken says nothing about which one (if any) matched.
        foreach (var candidate in _hashes)
        {
            known |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return known;
    }
}
