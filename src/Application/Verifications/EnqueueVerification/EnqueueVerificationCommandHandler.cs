using System.Buffers.Text;
using System.Security.Cryptography;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Application.Verifications.EnqueueVerification;

/// <summary>
/// Stores the job, with its password sealed for it alone, and the caller that asked: the worker
/// runs it as that caller. The id is 128 random bits, so that a job's id is never guessed.
/// </summary>
public sealed partial class EnqueueVerificationCommandHandler(
    IVerificationJobStore jobs,
    IPasswordProtector protector,
    ICaller caller,
    TimeProvider clock,
    ILogger<EnqueueVerificationCommandHandler> logger)
    : IRequestHandler<EnqueueVerificationCommand, VerificationJob>
{
    public async ValueTask<VerificationJob> Handle(EnqueueVerificationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.Request.Length, EnqueueVerificationCommand.MaxRequestLength, nameof(command));
        var id = NewId();
        var job = new NewVerificationJob(
            id,
            command.Kind,
            command.AccountId,
            command.Request,
            command.Password is null ? null : protector.ProtectForJob(command.Password, id),
            caller.Address,
            caller.Id,
            caller.Actor,
            clock.GetUtcNow());
        var stored = await jobs.EnqueueAsync(job, cancellationToken).ConfigureAwait(false);
        LogQueued(id, command.Kind);
        return stored;
    }

    /// <summary>A new job id: 128 random bits as URL-safe base64, 22 characters.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued verification {JobId} ({Kind})")]
    private partial void LogQueued(string jobId, Common.Credentials.VerificationKind kind);
}
