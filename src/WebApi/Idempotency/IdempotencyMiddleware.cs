using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.Errors;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AccountRegistry.WebApi.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every endpoint marked <see cref="IdempotentAttribute"/> (routing has
/// matched the endpoint before this runs): the same key with the same request (method, path and
/// body) within 24 h gets the first response again (status, body, Location) without MT5 being asked
/// again; the same key with another request gets 422. Keys belong to their caller (its API key when keys are
/// configured, else its client address): another caller's use of the same key is a new request.
/// It sits outside the exception handler, so it sees every response as the client does. Only
/// final answers that cost something to compute or change state are kept (200, 201, 204, 400, 409, without Retry-After,
/// and a 202 that queued a verification job; at most <see cref="MaxKeptBodyBytes"/>): a 422 is recomputed the same way for free, and a 5xx, 401
/// or 429 is released, so a retry runs afresh. The body is held in memory (never spooled to a
/// temporary file: it carries the password) and wiped when the request is over.
/// </summary>
internal sealed partial class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on a response that is a replay of the key's first one.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The largest response body kept for replay; a larger one is answered, not kept.</summary>
    internal const int MaxKeptBodyBytes = 16 * 1024;

    private static readonly int[] KeptStatuses =
    [
        StatusCodes.Status200OK, StatusCodes.Status201Created, StatusCodes.Status204NoContent,
        StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict,
    ];

    public async Task InvokeAsync(
        HttpContext context, IIdempotencyStore store, ICaller caller, IOptions<RequestLimitsOptions> limits, ErrorResponseWriter errors)
    {
        if (!HonoursKeys(context.GetEndpoint())
            || !context.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }

        try
        {
            await HandleKeyedAsync(context, store, caller, limits.Value, values.ToString(), errors);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            // This middleware runs outside the exception handler (it keeps the responses clients
            // got), so what goes wrong in it (the store's database, reading the body) is mapped and
            // answered the same way: a 503 for a database fault, a 4xx for a bad body, never a bare
            // 500; a client that went away mid-body is answered by nobody, and logged as a 4xx.
            await errors.WriteAsync(context, ApiErrors.From(exception, context.RequestAborted.IsCancellationRequested));
        }
    }

    /// <summary>Whether the endpoint opted in (<see cref="IdempotentAttribute"/>); any other ignores the header.</summary>
    internal static bool HonoursKeys(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<IdempotentAttribute>() is not null;

    private async Task HandleKeyedAsync(
        HttpContext context, IIdempotencyStore store, ICaller caller, RequestLimitsOptions limits, string key, ErrorResponseWriter errors)
    {
        if (key.Length > ApiErrors.IdempotencyKeyMaxLength)
        {
            await errors.WriteAsync(context, ApiErrors.IdempotencyKeyTooLong());
            return;
        }

        if (key.Length == 0 || key.Any(c => c is < '!' or > '~'))
        {
            await errors.WriteAsync(context, ApiErrors.IdempotencyKeyMalformed());
            return;
        }

        // Read the body once, for the fingerprint, and leave it readable for the endpoint.
        var (buffer, length) = await ReadUpToAsync(context.Request.Body, limits.MaxRequestBodyBytes + 1, context.RequestAborted);
        byte[] request = [];
        try
        {
            context.Request.Body = new MemoryStream(buffer, 0, length, writable: false);
            if (length > limits.MaxRequestBodyBytes)
            {
                await next(context);
                return;
            }

            request = RequestBytes(context.Request.Method, context.Request.Path, buffer.AsSpan(0, length));
            await HandleClaimAsync(context, store, ScopedKey(caller.Id, key), request, errors);
        }
        finally
        {
            // The body holds the password.
            CryptographicOperations.ZeroMemory(buffer);
            CryptographicOperations.ZeroMemory(request);
        }
    }

    private async Task HandleClaimAsync(
        HttpContext context, IIdempotencyStore store, string key, ReadOnlyMemory<byte> body, ErrorResponseWriter errors)
    {
        var claim = await store.ClaimAsync(key, body, context.RequestAborted);
        switch (claim)
        {
            case IdempotencyClaim.Replay { Response: var stored }:
                context.Response.StatusCode = stored.Status;
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.Headers[ReplayedHeaderName] = "true";
                if (stored.Location is not null)
                {
                    context.Response.Headers.Location = stored.Location;
                }

                await context.Response.WriteAsync(stored.Body, Encoding.UTF8, context.RequestAborted);
                return;

            case IdempotencyClaim.Mismatch:
                await errors.WriteAsync(context, ApiErrors.IdempotencyKeyReused());
                return;

            case IdempotencyClaim.InProgress:
                await errors.WriteAsync(context, ApiErrors.IdempotencyKeyInProgress());
                return;

            case IdempotencyClaim.Claimed claimed:
                await RunAndKeepAsync(context, store, key, claimed);
                return;
        }
    }

    /// <summary>
    /// What a key's claim is judged by: the request's method, its path and its body, so that one key
    /// sent to another endpoint (or another account) is the key reused, never a replay of what that
    /// other request got. The path is compared as routing compares it (any case, no trailing slash).
    /// The caller wipes the bytes (the body holds the password).
    /// </summary>
    internal static byte[] RequestBytes(string method, PathString path, ReadOnlySpan<byte> body)
    {
        var target = Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()} {path.Value?.TrimEnd('/').ToLowerInvariant()}\n");
        var bytes = new byte[target.Length + body.Length];
        target.CopyTo(bytes, 0);
        body.CopyTo(bytes.AsSpan(target.Length));
        return bytes;
    }

    /// <summary>
    /// The key as stored: a hash of the caller's identity and the key, so that one caller's key
    /// never meets another's (and the keys themselves are not kept).
    /// </summary>
    internal static string ScopedKey(string callerId, string key)
    {
        var caller = Encoding.UTF8.GetBytes(callerId);
        var bytes = new byte[sizeof(int) + caller.Length + Encoding.ASCII.GetByteCount(key)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, caller.Length);
        caller.CopyTo(bytes, sizeof(int));
        Encoding.ASCII.GetBytes(key, bytes.AsSpan(sizeof(int) + caller.Length));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private async Task RunAndKeepAsync(HttpContext context, IIdempotencyStore store, string key, IdempotencyClaim.Claimed claim)
    {
        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await ReleaseQuietlyAsync(store, key, claim);
            throw;
        }

        context.Response.Body = original;

        // A response that asks to be retried (Retry-After: "in progress" 409s, like 429 and 503) is
        // no final answer, so it is not kept. A 202's Retry-After is only a polling hint: the job it
        // queued is the answer, and a retry must name the same job, not queue another.
        var status = context.Response.StatusCode;
        var final = (status == StatusCodes.Status202Accepted
                || (KeptStatuses.Contains(status) && !context.Response.Headers.ContainsKey(HeaderNames.RetryAfter)))
            && captured.Length <= MaxKeptBodyBytes;
        if (!final || !await TryCompleteAsync(context, store, key, claim, captured))
        {
            await ReleaseQuietlyAsync(store, key, claim);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            captured.Position = 0;
            await captured.CopyToAsync(original, CancellationToken.None);
        }
    }

    // The response stands whatever becomes of keeping it: a store that fails loses only the replay,
    // and the next retry runs afresh.
    private async Task<bool> TryCompleteAsync(HttpContext context, IIdempotencyStore store, string key, IdempotencyClaim.Claimed claim, MemoryStream captured)
    {
        var location = context.Response.Headers.Location.ToString();
        var response = new StoredResponse(
            context.Response.StatusCode,
            Encoding.UTF8.GetString(captured.GetBuffer(), 0, (int)captured.Length),
            location.Length > 0 ? location : null);
        try
        {
            await store.CompleteAsync(key, claim, response, CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogStoreUnavailable(exception);
            return false;
        }
    }

    private async Task ReleaseQuietlyAsync(IIdempotencyStore store, string key, IdempotencyClaim.Claimed claim)
    {
        try
        {
            await store.ReleaseAsync(key, claim, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogStoreUnavailable(exception);
        }
    }

    // Into one array that the caller wipes; growing it wipes each smaller one it leaves behind.
    private static async Task<(byte[] Buffer, int Length)> ReadUpToAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit, 16 * 1024)];
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = new byte[Math.Min(limit, buffer.Length * 2)];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return (buffer, length);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The idempotency store is unavailable")]
    private partial void LogStoreUnavailable(Exception exception);
}
