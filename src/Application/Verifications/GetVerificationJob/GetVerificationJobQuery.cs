using Mediator;

namespace AccountRegistry.Application.Verifications.GetVerificationJob;

/// <summary>GET /api/v1/verifications/{id}: where a queued verification is, and its result once it has ended.</summary>
public sealed record GetVerificationJobQuery(string Id) : IRequest<VerificationJob>
{
    /// <summary>The longest id looked up; a job's id is 22 characters.</summary>
    public const int MaxIdLength = 64;
}
