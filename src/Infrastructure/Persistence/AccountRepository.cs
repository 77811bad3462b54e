using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountRepository(AccountRegistryDbContext db, DatabaseWriteGate writes) : IAccountRepository
{
    // Compiled once: a LINQ query is otherwise re-walked, hashed and looked up in EF's query cache on
    // every call, which the profile of the register path showed as its largest share of EF time.
    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<bool>> LoginExistsQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long login, CancellationToken _) => context.Accounts.Any(a => a.Login == login));

    private static readonly Func<AccountRegistryDbContext, long, CancellationToken, Task<Account?>> FindQuery =
        EF.CompileAsyncQuery((AccountRegistryDbContext context, long id, CancellationToken _) =>
            context.Accounts.AsNoTracking().FirstOrDefault(a => a.Id == id));

    private static readonly Func<AccountRegistryDbContext, IAsyncEnumerable<Account>> ListQuery =
        EF.CompileAsyncQuery<AccountRegistryDbContext, Account>(context => context.Accounts.AsNoTracking().OrderBy(a => a.Id));

    public Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken) =>
        LoginExistsQuery(db, login, cancellationToken);

    public async Task AddAsync(Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Add(account);
        using var turn = await writes.EnterAsync(cancellationToken).ConfigureAwait(false);
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

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = new List<Account>();
        await foreach (var account in ListQuery(db).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(account);
        }

        return accounts;
    }
}
