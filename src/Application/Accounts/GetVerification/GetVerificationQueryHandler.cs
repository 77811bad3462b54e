using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Accounts.GetVerification;

public sealed class GetVerificationQueryHandler(IAccountRepository accounts) : IRequestHandler<GetVerificationQuery, VerificationResponse>
{
    public async ValueTask<VerificationResponse> Handle(GetVerificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var account = await accounts.FindRequiredAsync(query.Id, cancellationToken).ConfigureAwait(false);
        return VerificationResponse.From(account);
    }
}
