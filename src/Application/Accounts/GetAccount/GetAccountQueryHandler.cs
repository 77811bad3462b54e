using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Accounts.GetAccount;

public sealed class GetAccountQueryHandler(IAccountRepository accounts) : IRequestHandler<GetAccountQuery, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(GetAccountQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await accounts.GetAsync(query.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new AccountNotFoundException(query.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
