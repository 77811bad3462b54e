using System.Globalization;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Accounts.GetVerification;

public sealed class GetVerificationQueryHandler(IAccountRepository accounts) : IRequestHandler<GetVerificationQuery, VerificationResponse>
{
    public async ValueTask<VerificationResponse> Handle(GetVerificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var account = await accounts.FindAsync(query.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new AccountNotFoundException(query.Id.ToString(CultureInfo.InvariantCulture));
        return VerificationResponse.From(account);
    }
}
