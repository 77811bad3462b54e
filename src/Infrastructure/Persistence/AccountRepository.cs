using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountRepository(AccountRegistryDbContext db) : IAccountRepository
{
    // Compiled once: a LINQ query is otherwise re-walked, hashed and looked up in EF's query cache on
    // every call, which the profile of the register path showed as its largest share of EF time.
    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<bool>> LoginExistsQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, CancellationToken _) => context.Accounts.Any(a => a.Login == login));

    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<Account?>> FindQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long id, CancellationToken _) =>
            context.Accounts.FirstOrDefault(a => a.Id == id));

    private static readonly Func<AccountRegistryDbContext, CancellationToken, Task<int>> CountQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, CancellationToken _) => context.Accounts.Count());

    public Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken) =>
        LoginExistsQuery(db, login, cancellationToken);

    public async Task AddAsync(Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // The only unique index on accounts is the login's.
            db.Entry(account).State = EntityState.Detached;
            throw new AccountAlreadyExistsException(account.Login, exception);
        }
    }

    public Task<Account?> FindAsync(long id, CancellationToken cancellationToken) =>
        FindQuery(db, id, cancellationToken);

    // The mapper's projection cannot sit in a compiled query; EF caches its translation by shape.
    public Task<AccountResponse?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == id).ProjectToResponse().FirstOrDefaultAsync(cancellationToken);

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            var stale = exception.Entries.Select(entry => entry.Entity).OfType<Account>().FirstOrDefault();
            foreach (var entry in db.ChangeTracker.Entries().ToList())
            {
                entry.State = EntityState.Detached;
            }

            throw new AccountChangedConcurrentlyException(stale?.Id ?? 0, exception);
        }
    }

    public Task RemoveAsync(Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Remove(account);
        return SaveChangesAsync(cancellationToken);
    }

    // The projection is the response mapper's own (generated), so it is not a compiled query: EF
    // caches its translation by shape (one per combination of filters given), and the values are parameters.
    public async Task<IReadOnlyList<AccountResponse>> ListAsync(AccountFilter filter, int skip, int limit, CancellationToken cancellationToken) =>
        await Matching(filter)
            .OrderBy(a => a.Id)
            .Skip(skip)
            .Take(limit)
            .ProjectToResponse()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    public Task<int> CountAsync(AccountFilter filter, CancellationToken cancellationToken) =>
        filter == AccountFilter.All ? CountQuery(db, cancellationToken) : Matching(filter).CountAsync(cancellationToken);

    // The login is unique-indexed, so a login filter is a seek. The others scan at most the table
    // (a page is still bounded by limit, and skip by ListAccountsQuery.MaxSkip); a registry holds
    // thousands of accounts, not millions, so no index is kept for them.
    private IQueryable<Account> Matching(AccountFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return db.Accounts
            .WhereGiven(filter.Login, login => a => a.Login == login)
            .WhereGiven(filter.IsActive, active => a => a.IsActive == active)
            .WhereGiven(filter.IsLive, live => a => a.IsLive == live)
            .WhereGiven(filter.AutoTradeEnabled, autoTrade => a => a.AutoTradeEnabled == autoTrade)
            .WhereGiven(filter.AccountType, type => a => a.AccountType == type)
            .WhereGiven(filter.Broker, broker => a => a.Broker == broker)
            .WhereGiven(filter.Server, server => a => a.Server == server);
    }
}
