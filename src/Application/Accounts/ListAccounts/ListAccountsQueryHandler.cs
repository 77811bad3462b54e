using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Accounts.ListAccounts;

public sealed class ListAccountsQueryHandler(IAccountRepository accounts)
    : IRequestHandler<ListAccountsQuery, IReadOnlyList<AccountResponse>>
{
    public async ValueTask<IReadOnlyList<AccountResponse>> Handle(ListAccountsQuery query, CancellationToken cancellationToken)
    {
        var all = await accounts.ListAsync(cancellationToken).ConfigureAwait(false);
        return all.Select(account => account.ToResponse()).ToArray();
    }
}
