using AccountRegistry.Application.Common.Interfaces;

namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// A stable code of an error body (<c>{"detail": "...", "code": "..."}</c>): what a client branches
/// on, since the detail is a sentence for people and may be reworded. Each code goes with one status.
/// </summary>
/// <param name="Code">The body's <c>code</c>, snake_case; once published, never renamed.</param>
/// <param name="Status">The status it is always sent with.</param>
/// <param name="Meaning">When it is sent, for the OpenAPI document.</param>
internal sealed record ErrorCode(string Code, int Status, string Meaning);

/// <summary>
/// The one catalogue of error codes: their text and status. <see cref="ApiErrors"/> picks the code
/// of each outcome from here, the writer sends it, and the OpenAPI document lists <see cref="All"/>.
/// </summary>
internal static class ErrorCodes
{
    public static readonly ErrorCode CredentialsRejected = new("credentials_rejected", StatusCodes.Status400BadRequest,
        "MT5 refused the login, password or server");

    public static readonly ErrorCode AccountMismatch = new("account_mismatch", StatusCodes.Status400BadRequest,
        "the request disagrees with what MT5 reports for the account (is_live, auto_trade_enabled, account_type, and maybe allowed_symbols)");

    public static readonly ErrorCode SymbolsUnknown = new("symbols_unknown", StatusCodes.Status400BadRequest,
        "the only disagreement with MT5: allowed_symbols names symbols the server does not offer");

    public static readonly ErrorCode ServerNotAllowed = new("server_not_allowed", StatusCodes.Status400BadRequest,
        "the server is not among the service's allowed servers (Mt5:AllowedServers)");

    public static readonly ErrorCode TerminalNotAllowed = new("terminal_not_allowed", StatusCodes.Status400BadRequest,
        "mt5_path is not an allowed terminal, or no terminal is configured");

    public static readonly ErrorCode CredentialsUnusable = new("credentials_unusable", StatusCodes.Status400BadRequest,
        "a value the terminal's start-up file cannot carry (a line break, a control character)");

    public static readonly ErrorCode AccountNotVerified = new("account_not_verified", StatusCodes.Status400BadRequest,
        "a change to what MT5 decides, on an account MT5 was never asked about; verify it first");

    public static readonly ErrorCode InvalidValue = new("invalid_value", StatusCodes.Status400BadRequest,
        "a value breaks a rule of the account the request validation did not catch");

    public static readonly ErrorCode RequestUnreadable = new("request_unreadable", StatusCodes.Status400BadRequest,
        "the HTTP request itself could not be read (a malformed or cut-short body)");

    public static readonly ErrorCode ApiKeyRejected = new("api_key_rejected", StatusCodes.Status401Unauthorized,
        "X-Api-Key is missing or not one of the service's keys");

    public static readonly ErrorCode AccountNotFound = new("account_not_found", StatusCodes.Status404NotFound,
        "no account has this id");

    public static readonly ErrorCode NotFound = new("not_found", StatusCodes.Status404NotFound,
        "nothing is served at this path");

    public static readonly ErrorCode VerificationNotFound = new("verification_not_found", StatusCodes.Status404NotFound,
        "no verification job has this id, or it ended more than 24 hours ago");

    public static readonly ErrorCode MethodNotAllowed = new("method_not_allowed", StatusCodes.Status405MethodNotAllowed,
        "the path does not take this method");

    public static readonly ErrorCode RequestTimeout = new("request_timeout", StatusCodes.Status408RequestTimeout,
        "the request body arrived too slowly");

    public static readonly ErrorCode AlreadyExists = new("already_exists", StatusCodes.Status409Conflict,
        "the login is registered already");

    public static readonly ErrorCode InProgress = new("in_progress", StatusCodes.Status409Conflict,
        "another request for the same login, account or Idempotency-Key is being handled; retry after Retry-After");

    public static readonly ErrorCode ChangedConcurrently = new("changed_concurrently", StatusCodes.Status409Conflict,
        "another request changed the account at the same time; read it again and retry");

    public static readonly ErrorCode PreconditionFailed = new("precondition_failed", StatusCodes.Status412PreconditionFailed,
        "If-Match names a version of the account that is no longer current; nothing was changed");

    public static readonly ErrorCode PayloadTooLarge = new("payload_too_large", StatusCodes.Status413PayloadTooLarge,
        "the request body is larger than the service takes");

    public static readonly ErrorCode UnsupportedMediaType = new("unsupported_media_type", StatusCodes.Status415UnsupportedMediaType,
        "the body is not JSON in UTF-8");

    public static readonly ErrorCode IdempotencyKeyReused = new("idempotency_key_reused", StatusCodes.Status422UnprocessableEntity,
        "the Idempotency-Key was used with a different request body, method or path");

    public static readonly ErrorCode RateLimited = new("rate_limited", StatusCodes.Status429TooManyRequests,
        "over a rate limit of this address; retry after Retry-After");

    public static readonly ErrorCode LockedOut = new("locked_out", StatusCodes.Status429TooManyRequests,
        "too many rejected credential checks for the login; retry after Retry-After, with the right password");

    public static readonly ErrorCode ApiKeyFailuresLimited = new("api_key_failures_limited", StatusCodes.Status429TooManyRequests,
        "too many requests with a missing or wrong X-Api-Key from this address; retry after Retry-After");

    public static readonly ErrorCode TooManyQueued = new("too_many_queued", StatusCodes.Status429TooManyRequests,
        "this caller has Verifications:MaxQueuedPerClient verification jobs queued or running; retry after Retry-After");

    public static readonly ErrorCode InternalError = new("internal_error", StatusCodes.Status500InternalServerError,
        "an unexpected fault; the log has it, under the request's trace id");

    public static readonly ErrorCode TerminalFailed = new("terminal_failed", StatusCodes.Status503ServiceUnavailable,
        "the terminal would not start, exited, or broke the protocol; or the MT5 gateway failed");

    public static readonly ErrorCode TerminalTimeout = new("terminal_timeout", StatusCodes.Status503ServiceUnavailable,
        "the terminal gave no verdict in time");

    public static readonly ErrorCode QueueFull = new("queue_full", StatusCodes.Status503ServiceUnavailable,
        "the queue for a terminal is full; Retry-After estimates when there is room");

    public static readonly ErrorCode QueueTimeout = new("queue_timeout", StatusCodes.Status503ServiceUnavailable,
        "no terminal became free in time");

    public static readonly ErrorCode NoUsableTerminal = new("no_usable_terminal", StatusCodes.Status503ServiceUnavailable,
        "every terminal allowed for the request is out of rotation after failing to start");

    public static readonly ErrorCode ServiceStopping = new("service_stopping", StatusCodes.Status503ServiceUnavailable,
        "the service is shutting down");

    public static readonly ErrorCode Mt5Unavailable = new("mt5_unavailable", StatusCodes.Status503ServiceUnavailable,
        "MT5 is unavailable for another reason");

    public static readonly ErrorCode DatabaseUnavailable = new("database_unavailable", StatusCodes.Status503ServiceUnavailable,
        "the database is locked, read-only or unreachable; nothing was stored");

    public static readonly ErrorCode PasswordUnreadable = new("password_unreadable", StatusCodes.Status503ServiceUnavailable,
        "the account's stored password does not open with the service's keys; an operator must restore the key, or the password be set again");

    /// <summary>Every code, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } =
    [
        CredentialsRejected, AccountMismatch, SymbolsUnknown, ServerNotAllowed, TerminalNotAllowed, CredentialsUnusable,
        AccountNotVerified, InvalidValue, RequestUnreadable,
        ApiKeyRejected, AccountNotFound, VerificationNotFound, NotFound, MethodNotAllowed, RequestTimeout,
        AlreadyExists, InProgress, ChangedConcurrently, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, IdempotencyKeyReused,
        RateLimited, LockedOut, ApiKeyFailuresLimited, TooManyQueued, InternalError,
        TerminalFailed, TerminalTimeout, QueueFull, QueueTimeout, NoUsableTerminal, ServiceStopping, Mt5Unavailable,
        DatabaseUnavailable, PasswordUnreadable,
    ];

    /// <summary>
    /// The code of a status answered with its reason phrase alone (an unknown path, a wrong method, a
    /// request the server could not read); null for a status with none here (Kestrel's rarer ones).
    /// </summary>
    public static ErrorCode? ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => RequestUnreadable,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status408RequestTimeout => RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        _ => null,
    };

    /// <summary>
    /// The code of a 503 for <paramref name="kind"/>: the kind's name in snake_case. A kind added
    /// without its line here falls back to terminal_failed, never a 500, and fails ErrorCodesTests.
    /// </summary>
    public static ErrorCode For(Mt5Unavailability kind) => kind switch
    {
        Mt5Unavailability.TerminalFailed => TerminalFailed,
        Mt5Unavailability.TerminalTimeout => TerminalTimeout,
        Mt5Unavailability.QueueFull => QueueFull,
        Mt5Unavailability.QueueTimeout => QueueTimeout,
        Mt5Unavailability.NoUsableTerminal => NoUsableTerminal,
        Mt5Unavailability.ServiceStopping => ServiceStopping,
        Mt5Unavailability.Mt5Unavailable => Mt5Unavailable,
        _ => TerminalFailed,
    };

    /// <summary>
    /// The code of a 400 for <paramref name="problem"/>: the problem's name in snake_case. A problem
    /// added without its line here falls back to terminal_not_allowed and fails ErrorCodesTests.
    /// </summary>
    public static ErrorCode For(Mt5RequestProblem problem) => problem switch
    {
        Mt5RequestProblem.TerminalNotAllowed => TerminalNotAllowed,
        Mt5RequestProblem.ServerNotAllowed => ServerNotAllowed,
        Mt5RequestProblem.CredentialsUnusable => CredentialsUnusable,
        _ => TerminalNotAllowed,
    };
}
