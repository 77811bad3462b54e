using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// The one writer of error responses: the exception handler, the status-code pages, API keys, the
/// rate limiter and idempotency all answer through it. It sets the status and <c>Retry-After</c>,
/// writes <c>{"detail": "...", "code": "..."}</c> or the 422 list (<see cref="BodyOf"/>), and logs
/// the outcome once: an expected one as a single line (status, outcome, trace id, reason), a fault
/// as an Error with its exception.
/// </summary>
internal sealed partial class ErrorResponseWriter(ILogger<ErrorResponseWriter> logger)
{
    // What WriteAsJsonAsync would have said.
    private const string JsonContentType = "application/json; charset=utf-8";

    public Task WriteAsync(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        LogOutcome(error, RequestLogging.TraceId(context));
        if (context.Response.HasStarted)
        {
            // Too late to change the status; what was sent stands.
            return Task.CompletedTask;
        }

        context.Response.StatusCode = error.Status;
        if (error.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ApiError.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        // A client that went away (wrk at the end of a run, a closed tab) is not answered: writing
        // would only fail, and turn an ordinary 4xx into an error in the log.
        if (!error.HasBody || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = JsonContentType;
        return context.Response.Body.WriteAsync(BodyOf(error), context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The body <paramref name="error"/> is answered with, as UTF-8 JSON: <c>{"detail": "...", "code": "..."}</c>
    /// or the 422 list. What <see cref="WriteAsync"/> sends, for a caller that must keep an answer to give later.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="error"/> has no body.</exception>
    internal static byte[] BodyOf(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            { Errors: { } errors } => JsonSerializer.SerializeToUtf8Bytes(new ValidationErrorResponse(errors), ApiJson.SerializerOptions),
            { Detail: { } detail } => JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(detail, error.Code?.Code), ApiJson.SerializerOptions),
            _ => throw new ArgumentException("The error has no body", nameof(error)),
        };
    }

    /// <summary>
    /// The body <see cref="WriteAsync"/> would write for <paramref name="error"/>, as JSON text (null
    /// for none), logged as it logs it: the result of a verification job, which no response carries
    /// when it is made. <paramref name="traceId"/> is the request's that queued the job.
    /// </summary>
    public string? LoggedBodyOf(ApiError error, string traceId)
    {
        ArgumentNullException.ThrowIfNull(error);
        LogOutcome(error, traceId);
        return error.HasBody ? System.Text.Encoding.UTF8.GetString(BodyOf(error)) : null;
    }

    // Once per outcome, whoever it is told to: the client now, or a job's reader later.
    private void LogOutcome(ApiError error, string traceId)
    {
        if (logger.IsEnabled(error.Level))
        {
            var reason = error.LogReason ?? Summary(error);
            Log(error.Level, error.Fault, error.Status, error.Outcome, traceId, reason);
        }
    }

    // What the client was told, in short: a 422's entries are counted, not repeated (they echo input).
    private static string Summary(ApiError error) =>
        error.Errors is { } errors ? string.Create(CultureInfo.InvariantCulture, $"{errors.Count} problems with the request") : error.Detail ?? "no body";

    [LoggerMessage(Message = "Answered {StatusCode} {Outcome} (trace {TraceId}): {Reason}")]
    private partial void Log(LogLevel level, Exception? exception, int statusCode, string outcome, string traceId, string reason);
}
