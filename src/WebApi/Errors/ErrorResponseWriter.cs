using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// The one writer of error responses: the exception handler, the status-code pages, API keys, the
/// rate limiter and idempotency all answer through it. It sets the status and <c>Retry-After</c>,
/// writes <c>{"detail": "..."}</c> or the 422 list, and logs the outcome once: an expected one as a
/// single line (status, outcome, trace id, reason), a fault as an Error with its exception.
/// </summary>
internal sealed partial class ErrorResponseWriter(ILogger<ErrorResponseWriter> logger)
{
    public Task WriteAsync(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (logger.IsEnabled(error.Level))
        {
            var traceId = RequestLogging.TraceId(context);
            var reason = error.LogReason ?? Summary(error);
            Log(error.Level, error.Fault, error.Status, error.Outcome, traceId, reason);
        }

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

        return error.Errors is { } errors
            ? context.Response.WriteAsJsonAsync(new ValidationErrorResponse(errors), ApiJson.SerializerOptions, context.RequestAborted)
            : context.Response.WriteAsJsonAsync(new ErrorResponse(error.Detail!), ApiJson.SerializerOptions, context.RequestAborted);
    }

    /// <summary>
    /// The body <see cref="WriteAsync"/> would write for <paramref name="error"/>, as JSON text (null
    /// for none), logged as it logs it: the result of a verification job, which no response carries
    /// when it is made. <paramref name="traceId"/> is the request's that queued the job.
    /// </summary>
    public string? BodyOf(ApiError error, string traceId)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (logger.IsEnabled(error.Level))
        {
            var reason = error.LogReason ?? Summary(error);
            Log(error.Level, error.Fault, error.Status, error.Outcome, traceId, reason);
        }

        return error.Errors is { } errors ? JsonSerializer.Serialize(new ValidationErrorResponse(errors), ApiJson.SerializerOptions)
            : error.Detail is { } detail ? JsonSerializer.Serialize(new ErrorResponse(detail), ApiJson.SerializerOptions)
            : null;
    }


    // What the client was told, in short: a 422's entries are counted, not repeated (they echo input).
    private static string Summary(ApiError error) =>
        error.Errors is { } errors ? string.Create(CultureInfo.InvariantCulture, $"{errors.Count} problems with the request") : error.Detail ?? "no body";

    [LoggerMessage(Message = "Answered {StatusCode} {Outcome} (trace {TraceId}): {Reason}")]
    private partial void Log(LogLevel level, Exception? exception, int statusCode, string outcome, string traceId, string reason);
}
