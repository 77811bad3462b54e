using System.Data.Common;
using System.Diagnostics;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using FluentValidationException = FluentValidation.ValidationException;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// The one place where errors become HTTP responses. Client mistakes get their 4xx with the
/// documented body; MT5 trouble is a 503; anything else is a 500 that says nothing of its cause
/// and is logged with its trace id.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    internal const int RetryAfterSeconds = 30;

    internal const string Mt5UnavailableDetail = "MT5 connection failed; try again later";
    internal const string InternalErrorDetail = "Internal server error";
    internal const string DatabaseUnavailableDetail = "Database unavailable; try again later";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        switch (exception)
        {
            case RequestValidationException invalid:
                await WriteAsync(httpContext, StatusCodes.Status422UnprocessableEntity, new ValidationErrorResponse(invalid.Errors), cancellationToken);
                return true;

            case FluentValidationException invalid:
                await WriteAsync(httpContext, StatusCodes.Status422UnprocessableEntity, new ValidationErrorResponse(ValidationErrors.From(invalid.Errors)), cancellationToken);
                return true;

            case AccountAlreadyExistsException:
                await WriteDetailAsync(httpContext, StatusCodes.Status409Conflict, exception.Message, cancellationToken);
                return true;

            case RegistrationInProgressException:
                httpContext.Response.Headers.RetryAfter = "1";
                await WriteDetailAsync(httpContext, StatusCodes.Status409Conflict, exception.Message, cancellationToken);
                return true;

            case AccountNotFoundException:
                await WriteDetailAsync(httpContext, StatusCodes.Status404NotFound, exception.Message, cancellationToken);
                return true;

            case Mt5CredentialsRejectedException or Mt5AccountMismatchException or Mt5RequestInvalidException:
                await WriteDetailAsync(httpContext, StatusCodes.Status400BadRequest, exception.Message, cancellationToken);
                return true;

            case DomainRuleViolationException:
                // Validation should have caught this first; the message is safe and says what is wrong.
                LogDomainRuleViolation(exception.Message);
                await WriteDetailAsync(httpContext, StatusCodes.Status400BadRequest, exception.Message, cancellationToken);
                return true;

            case LoginLockedOutException lockedOut:
                httpContext.Response.Headers.RetryAfter =
                    Security.ApiSecurityExtensions.RetryAfterSeconds(lockedOut.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteDetailAsync(httpContext, StatusCodes.Status429TooManyRequests, exception.Message, cancellationToken);
                return true;

            case Mt5UnavailableException:
                LogMt5Unavailable(exception, exception.Message);
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteDetailAsync(httpContext, StatusCodes.Status503ServiceUnavailable, Mt5UnavailableDetail, cancellationToken);
                return true;

            case Exception when FindDatabaseFault(exception) is { } fault:
                // Locked, read-only, unreachable: the database's trouble, not the client's; nothing was stored.
                LogDatabaseUnavailable(exception, fault.GetType().Name, fault.Message);
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteDetailAsync(httpContext, StatusCodes.Status503ServiceUnavailable, DatabaseUnavailableDetail, cancellationToken);
                return true;

            case UnsupportedMediaTypeException:
                await WriteDetailAsync(httpContext, StatusCodes.Status415UnsupportedMediaType, exception.Message, cancellationToken);
                return true;

            case RequestBodyTooLargeException:
                await WriteDetailAsync(httpContext, StatusCodes.Status413PayloadTooLarge, exception.Message, cancellationToken);
                return true;

            case BadHttpRequestException badRequest:
                await WriteDetailAsync(httpContext, badRequest.StatusCode, ReasonPhrase(badRequest.StatusCode), cancellationToken);
                return true;

            default:
                LogUnhandled(exception, Activity.Current?.Id ?? httpContext.TraceIdentifier);
                await WriteDetailAsync(httpContext, StatusCodes.Status500InternalServerError, InternalErrorDetail, cancellationToken);
                return true;
        }
    }

    internal static DbException? FindDatabaseFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException fault)
            {
                return fault;
            }
        }

        return null;
    }

    internal static Task WriteValidationAsync(HttpContext httpContext, params ValidationError[] errors) =>
        WriteAsync(httpContext, StatusCodes.Status422UnprocessableEntity, new ValidationErrorResponse(errors), httpContext.RequestAborted);

    internal static Task WriteDetailAsync(HttpContext httpContext, int status, string detail, CancellationToken cancellationToken) =>
        WriteAsync(httpContext, status, new ErrorResponse(detail), cancellationToken);

    internal static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private static Task WriteAsync<T>(HttpContext httpContext, int status, T body, CancellationToken cancellationToken)
    {
        httpContext.Response.StatusCode = status;
        // A client that went away (wrk at the end of a run, a closed tab) is not answered: writing
        // would only fail, and turn an ordinary 4xx into an error in the log.
        return httpContext.RequestAborted.IsCancellationRequested
            ? Task.CompletedTask
            : httpContext.Response.WriteAsJsonAsync(body, ApiJson.SerializerOptions, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MT5 verification unavailable: {Reason}")]
    private partial void LogMt5Unavailable(Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request broke a domain rule that validation let through: {Rule}")]
    private partial void LogDomainRuleViolation(string rule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable ({FaultType}): {FaultMessage}")]
    private partial void LogDatabaseUnavailable(Exception exception, string faultType, string faultMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error (trace {TraceId})")]
    private partial void LogUnhandled(Exception exception, string traceId);
}
