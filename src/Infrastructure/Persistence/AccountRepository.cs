using AccountRegistry.Application.Accounts;
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
    // caches its translation by shape, and skip and limit are parameters of it.
    public async Task<IReadOnlyList<AccountResponse>> ListAsync(int skip, int limit, CancellationToken cancellationToken) =>
        await db.Accounts
            .OrderBy(a => a.Id)
            .Skip(skip)
            .Take(limit)
            .ProjectToResponse()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    public Task<int> CountAsync(CancellationToken cancellationToken) => CountQuery(db, cancellationToken);
}
