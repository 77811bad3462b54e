using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Domain.Accounts;
using Mediator;

namespace AccountRegistry.Application.Verifications.EnqueueVerification;

/// <summary>
/// Queues a credential check to run later (<c>Prefer: respond-async</c>): the request of the
/// endpoint <paramref name="Kind"/> names, already bound and validated as the synchronous call
/// would be, as its own JSON without the password (<paramref name="Request"/>), and the password
/// apart, to be sealed for the job.
/// </summary>
public sealed record EnqueueVerificationCommand(VerificationKind Kind, long? AccountId, string Request, Password? Password)
    : IRequest<VerificationJob>
{
    /// <summary>The longest request text a job keeps (a registration's body is bounded well below it).</summary>
    public const int MaxRequestLength = 64 * 1024;
}
