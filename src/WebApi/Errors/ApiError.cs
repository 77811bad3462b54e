using AccountRegistry.Application.Common.Validation;
using System.Data.Common;
using System.Globalization;
using System.Threading.RateLimiting;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Common;
using FluentValidationException = FluentValidation.ValidationException;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// One error outcome, as the client gets it and as the log tells it: the status, the body (a
/// <c>{"detail": "..."}</c> text with its stable <c>code</c>, or FastAPI's 422 list), how long to wait before a retry (the
/// <c>Retry-After</c> header), and for the log the outcome's name, its level, what more the
/// operator may know than the client (<see cref="LogReason"/>), and the fault whose stack trace is
/// worth keeping. Written only by <see cref="ErrorResponseWriter"/>; made only by <see cref="ApiErrors"/>.
/// </summary>
internal sealed record ApiError
{
    private ApiError(int status, string outcome, LogLevel level)
    {
        Status = status;
        Outcome = outcome;
        Level = level;
    }

    public int Status { get; }

    /// <summary>What happened, for the log: the exception's type name, or the outcome's own name.</summary>
    public string Outcome { get; }

    /// <summary>
    /// Client mistakes the client is told about (404, 405, 413, 415, 422) are Debug; an expected
    /// outcome an operator may want to see (400, 401, 409, 412, 429, 503) is one Warning line;
    /// a fault is an Error with its exception.
    /// </summary>
    public LogLevel Level { get; }

    /// <summary>The body's <c>detail</c> text, when the body is <c>{"detail": "..."}</c>.</summary>
    public string? Detail { get; private init; }

    /// <summary>The body's stable <c>code</c>, from <see cref="ErrorCodes"/>; its status is <see cref="Status"/>.</summary>
    public ErrorCode? Code { get; private init; }

    /// <summary>The body's entries, when the body is FastAPI's 422 list.</summary>
    public IReadOnlyList<ValidationError>? Errors { get; private init; }

    /// <summary>The wait sent as <c>Retry-After</c>, in whole seconds rounded up (<see cref="RetryAfterSeconds"/>).</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>For the log only: what the operator may know and the client may not (never a secret).</summary>
    public string? LogReason { get; private init; }

    /// <summary>The fault logged with its stack trace; null for an expected outcome, which is one line.</summary>
    public Exception? Fault { get; private init; }

    /// <summary>Whether a body is written at all (a client that went away gets none).</summary>
    public bool HasBody => Detail is not null || Errors is not null;

    /// <summary>Whole seconds to wait, rounded up, at least 1: the value of every Retry-After header.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>A <c>{"detail": "..."}</c> body without a code: only for a status the catalogue has none for.</summary>
    internal static ApiError WithDetail(int status, string outcome, LogLevel level, string detail) =>
        new(status, outcome, level) { Detail = detail };

    /// <summary>A <c>{"detail": "...", "code": "..."}</c> body, with the status that goes with the code.</summary>
    internal static ApiError WithCode(ErrorCode code, string outcome, LogLevel level, string detail, TimeSpan? retryAfter = null, string? logReason = null, Exception? fault = null) =>
        new(code.Status, outcome, level) { Code = code, Detail = detail, RetryAfter = retryAfter, LogReason = logReason, Fault = fault };

    internal static ApiError WithErrors(string outcome, IReadOnlyList<ValidationError> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, outcome, LogLevel.Debug) { Errors = errors };

    internal static ApiError WithoutBody(int status, string outcome, LogLevel level) => new(status, outcome, level);
}

/// <summary>
/// The one mapping from an outcome to its <see cref="ApiError"/>: every status, body text, code (from
/// <see cref="ErrorCodes"/>) and Retry-After the API answers with when something is not a success.
/// A new outcome is one line here, and a code in the catalogue.
/// </summary>
internal static class ApiErrors
{
    internal const string Mt5UnavailableDetail = "MT5 connection failed; try again later";
    internal const string InternalErrorDetail = "Internal server error";
    internal const string DatabaseUnavailableDetail = "Database unavailable; try again later";

    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    internal static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The wait after an "in progress" 409: the other request is about to finish.</summary>
    internal static readonly TimeSpan InProgressRetryAfter = TimeSpan.FromSeconds(1);

    // The status nginx and others log for a client that closed its connection before the answer.
    private const int ClientClosedRequest = 499;

    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>An exception that reached the edge, as the client is answered (and the log is told).</summary>
    public static ApiError From(Exception exception, bool clientGone)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var name = exception.GetType().Name;
        return exception switch
        {
            // The client went away; nobody is left to answer.
            OperationCanceledException when clientGone => ApiError.WithoutBody(ClientClosedRequest, name, LogLevel.Debug),
            RequestValidationException invalid => ApiError.WithErrors(name, invalid.Errors),
            FluentValidationException invalid => ApiError.WithErrors(name, ValidationErrors.From(invalid.Errors)),
            AccountNotFoundException => Client(ErrorCodes.AccountNotFound, exception),
            AccountAlreadyExistsException => Expected(ErrorCodes.AlreadyExists, exception),
            RegistrationInProgressException => Expected(ErrorCodes.InProgress, exception, InProgressRetryAfter),
            CredentialCheckInProgressException => Expected(ErrorCodes.InProgress, exception, InProgressRetryAfter),
            PreconditionFailedException => Expected(ErrorCodes.PreconditionFailed, exception),
            // A retry may well succeed: it carries Retry-After, so an Idempotency-Key does not keep it.
            AccountChangedConcurrentlyException => Expected(ErrorCodes.ChangedConcurrently, exception, InProgressRetryAfter),
            Mt5CredentialsRejectedException => Expected(ErrorCodes.CredentialsRejected, exception),
            Mt5AccountMismatchException mismatch => Expected(mismatch.OnlySymbolsUnknown ? ErrorCodes.SymbolsUnknown : ErrorCodes.AccountMismatch, exception),
            Mt5RequestInvalidException invalid => Expected(ErrorCodes.For(invalid.Problem), exception),
            AccountNotVerifiedException => Expected(ErrorCodes.AccountNotVerified, exception),
            // Validation should have caught this first; the message is safe and says what is wrong.
            DomainRuleViolationException => Expected(ErrorCodes.InvalidValue, exception),
            LoginLockedOutException lockedOut => Expected(ErrorCodes.LockedOut, exception, lockedOut.RetryAfter),
            VerificationJobNotFoundException => Client(ErrorCodes.VerificationNotFound, exception),
            TooManyQueuedVerificationsException tooMany => Expected(ErrorCodes.TooManyQueued, exception, tooMany.RetryAfter),
            VerificationQueueFullException full => Expected(ErrorCodes.QueueFull, exception, full.RetryAfter),
            // Its instance died running it MaxAttempts times: the terminal's side failed, as far as the client can tell.
            VerificationAbandonedException => Expected(ErrorCodes.TerminalFailed, exception, UnavailableRetryAfter),
            VerificationExpiredException => Expected(ErrorCodes.QueueTimeout, exception, UnavailableRetryAfter),
            // The message is for the log (it may name internal hosts or paths); the client gets a fixed text.
            // A gateway that threw (rather than answering "unavailable") is a fault, kept with its stack trace.
            Mt5UnavailableException { InnerException: not null } => ApiError.WithCode(ErrorCodes.TerminalFailed, name, LogLevel.Error,
                Mt5UnavailableDetail, UnavailableRetryAfter, exception.Message, exception),
            // The kind is the code; the gateway's own estimate of the wait (a full queue's) beats the fixed one.
            Mt5UnavailableException unavailable => ApiError.WithCode(ErrorCodes.For(unavailable.Kind), name, LogLevel.Warning,
                Mt5UnavailableDetail, unavailable.RetryAfter ?? UnavailableRetryAfter, exception.Message),
            // The service's keys do not open a stored password: the operator's to fix (the log has the protector's reason), no use retrying soon.
            StoredPasswordUnreadableException => ApiError.WithCode(ErrorCodes.PasswordUnreadable, name, LogLevel.Error,
                exception.Message, logReason: exception.InnerException?.Message),
            // Locked, read-only, unreachable: the database's trouble, not the client's; nothing was stored.
            _ when FindDatabaseFault(exception) is { } fault => ApiError.WithCode(ErrorCodes.DatabaseUnavailable, name, LogLevel.Warning,
                DatabaseUnavailableDetail, UnavailableRetryAfter, $"{fault.GetType().Name}: {fault.Message}"),
            UnsupportedMediaTypeException => Client(ErrorCodes.UnsupportedMediaType, exception),
            RequestBodyTooLargeException => Client(ErrorCodes.PayloadTooLarge, exception),
            BadHttpRequestException badRequest => ForStatus(badRequest.StatusCode, name),
            // Anything else says nothing of its cause; the log has it, with the trace id.
            _ => ApiError.WithCode(ErrorCodes.InternalError, name, LogLevel.Error, InternalErrorDetail, fault: exception),
        };
    }

    /// <summary>A bodiless error (unknown route, wrong method or media type), with its reason phrase as the detail.</summary>
    public static ApiError ForStatus(int status, string outcome = "StatusCode") => ErrorCodes.ForStatus(status) is { } code
        ? ApiError.WithCode(code, outcome, LogLevel.Debug, ReasonPhrase(status))
        : ApiError.WithDetail(status, outcome, LogLevel.Debug, ReasonPhrase(status));

    public static ApiError ApiKeyRejected() =>
        ApiError.WithCode(ErrorCodes.ApiKeyRejected, "ApiKeyRejected", LogLevel.Warning, "Missing or invalid API key");

    /// <summary>Too many wrong API keys from this address: refused by the failure limiter's <paramref name="refusal"/>.</summary>
    public static ApiError TooManyApiKeyFailures(RateLimitLease refusal)
    {
        var wait = WaitOf(refusal);
        return ApiError.WithCode(ErrorCodes.ApiKeyFailuresLimited, "ApiKeyFailuresLimited", LogLevel.Warning,
            Invariant($"Too many requests with a missing or invalid API key from this address; try again in {ApiError.RetryAfterSeconds(wait)} s"), wait);
    }

    /// <summary>Over a rate limit: refused by the limiter's <paramref name="refusal"/>, which says why and for how long.</summary>
    public static ApiError RateLimited(RateLimitLease refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var wait = WaitOf(refusal);
        var reason = refusal.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) && phrase is not null ? phrase : "Too many requests";
        return ApiError.WithCode(ErrorCodes.RateLimited, "RateLimited", LogLevel.Warning,
            Invariant($"{reason}; try again in {ApiError.RetryAfterSeconds(wait)} s"), wait);
    }

    public static ApiError IdempotencyKeyTooLong() => ApiError.WithErrors("IdempotencyKeyInvalid", [ValidationErrors.Of(
        PydanticErrors.StringTooLong(MaxIdempotencyKeyLength), ["header", "idempotency-key"])]);

    public static ApiError IdempotencyKeyMalformed() => ApiError.WithErrors("IdempotencyKeyInvalid", [ValidationErrors.Of(
        PydanticErrors.ValueError(Invariant($"an Idempotency-Key is 1 to {MaxIdempotencyKeyLength} visible ASCII characters")),
        ["header", "idempotency-key"])]);

    public static ApiError IdempotencyKeyReused() =>
        ApiError.WithCode(ErrorCodes.IdempotencyKeyReused, "IdempotencyKeyReused", LogLevel.Debug,
            "This Idempotency-Key was already used with a different request body, method or path; use a new key for a new request");

    public static ApiError IdempotencyKeyInProgress() =>
        ApiError.WithCode(ErrorCodes.InProgress, "IdempotencyKeyInProgress", LogLevel.Warning,
            "A request with this Idempotency-Key is still being handled; retry shortly", InProgressRetryAfter);

    /// <summary>The longest Idempotency-Key accepted.</summary>
    public static int IdempotencyKeyMaxLength => MaxIdempotencyKeyLength;

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

    // A refusal that names no wait (no limiter here does that) waits out a whole window.
    private static TimeSpan WaitOf(RateLimitLease refusal) =>
        refusal.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    // A client's mistake it is told about: nothing for an operator to act on.
    private static ApiError Client(ErrorCode code, Exception exception) =>
        ApiError.WithCode(code, exception.GetType().Name, LogLevel.Debug, exception.Message);

    // An expected outcome: its message is safe to send and to log, as one Warning line.
    private static ApiError Expected(ErrorCode code, Exception exception, TimeSpan? retryAfter = null) =>
        ApiError.WithCode(code, exception.GetType().Name, LogLevel.Warning, exception.Message, retryAfter);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
