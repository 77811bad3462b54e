using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountRepository(AccountRegistryDbContext db, DatabaseWriteGate writes) : IAccountRepository
{
    public Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken) =>
        db.Accounts.AnyAsync(a => a.Login == login, cancellationToken);

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
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
}
