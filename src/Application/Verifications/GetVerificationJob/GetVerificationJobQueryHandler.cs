using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Verifications.GetVerificationJob;

/// <summary>
/// The job by its id. The id is the capability: it is random and given only to the client that
/// enqueued the job, so any caller holding it may read the job (as any holder of a URL may). An
/// id that cannot be a job's (too long, or of other characters) is looked up no further.
/// </summary>
public sealed class GetVerificationJobQueryHandler(IVerificationJobStore jobs) : IRequestHandler<GetVerificationJobQuery, VerificationJob>
{
    public async ValueTask<VerificationJob> Handle(GetVerificationJobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!IsWellFormed(query.Id))
        {
            // Not echoed: it is whatever the path held (any length, any character).
            throw new VerificationJobNotFoundException();
        }

        return await jobs.FindAsync(query.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationJobNotFoundException(query.Id);
    }

    private static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= GetVerificationJobQuery.MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
