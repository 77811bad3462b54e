namespace AccountRegistry.Infrastructure.Persistence.Records;

/// <summary>
/// A verification job (table <c>verification_jobs</c>). The request is kept without its password;
/// the password is sealed for the job alone (<c>job1:</c>, docs/password-format.md) and set to
/// NULL in the same statement that ends the job, whatever the outcome.
/// </summary>
internal sealed class VerificationJobRecord
{
    public const int IdMaxLength = 64;
    public const int ResultBodyMaxLength = 64 * 1024;

    public string Id { get; set; } = string.Empty;

    /// <summary><c>register</c>, <c>password_change</c> or <c>verify</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = string.Empty;

    public long? AccountId { get; set; }

    /// <summary>The endpoint's request as JSON, without the password.</summary>
    public string Request { get; set; } = string.Empty;

    public string? SealedPassword { get; set; }

    public string CallerAddress { get; set; } = string.Empty;

    public string CallerId { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string? TraceId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The instance running the job, until <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>How many times the job was claimed (a claim given back at shutdown does not count).</summary>
    public int Attempts { get; set; }

    public int? ResultStatus { get; set; }

    public string? ResultBody { get; set; }
}
