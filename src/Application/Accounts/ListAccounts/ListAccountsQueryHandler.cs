using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Accounts.ListAccounts;

public sealed class ListAccountsQueryHandler(IAccountRepository accounts)
    : IRequestHandler<ListAccountsQuery, AccountPage>
{
    public async ValueTask<AccountPage> Handle(ListAccountsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Filter);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Skip, ListAccountsQuery.MaxSkip);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ListAccountsQuery.MaxLimit);

        var page = await accounts.ListAsync(query.Filter, query.Skip, query.Limit, cancellationToken).ConfigureAwait(false);
        var total = await accounts.CountAsync(query.Filter, cancellationToken).ConfigureAwait(false);
        return new AccountPage(page, total);
    }
}
