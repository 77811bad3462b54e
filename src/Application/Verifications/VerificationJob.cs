using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Verifications;

/// <summary>Where a verification job is: waiting for a worker, being run, or done (either way).</summary>
public enum VerificationJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A verification job as a client reads it (<c>GET /api/v1/verifications/{id}</c>): what it is,
/// where it is, and, once it has ended, the answer the synchronous call would have given
/// (<see cref="ResultStatus"/> and <see cref="ResultBody"/>, the body's JSON text or null for none).
/// </summary>
public sealed record VerificationJob(
    string Id,
    VerificationKind Kind,
    VerificationJobStatus Status,
    long? AccountId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ResultStatus,
    string? ResultBody)
{
    /// <summary>How long a job is kept after it ends; then it is gone (404).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>Whether the job has its result (succeeded or failed); it is kept for a while, then gone.</summary>
    public bool HasEnded => Status is VerificationJobStatus.Succeeded or VerificationJobStatus.Failed;
}

/// <summary>
/// A job to store: the request without its password (<see cref="Request"/>, the endpoint's own
/// JSON), the password sealed for this job alone (<c>IPasswordProtector.ProtectForJob</c>),
/// and the caller that enqueued it, so that the worker runs it as that caller (its lockout, its
/// audit actor and trace id).
/// </summary>
public sealed record NewVerificationJob(
    string Id,
    VerificationKind Kind,
    long? AccountId,
    string Request,
    string? SealedPassword,
    string CallerAddress,
    string CallerId,
    AuditActor Actor,
    DateTimeOffset CreatedAt);

/// <summary>A job a worker of this instance has claimed, with what it needs to run it.</summary>
public sealed record ClaimedVerificationJob(
    string Id,
    VerificationKind Kind,
    long? AccountId,
    string Request,
    string? SealedPassword,
    string CallerAddress,
    string CallerId,
    AuditActor Actor,
    int Attempts);

/// <summary>How a job ended: the status and body (JSON text, or null) the synchronous call would have answered.</summary>
public sealed record VerificationOutcome(int StatusCode, string? Body, long? AccountId)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
