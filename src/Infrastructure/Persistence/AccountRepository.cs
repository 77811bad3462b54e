using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountRepository(AccountRegistryDbContext db) : IAccountRepository
{
    public Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken) =>
        db.Accounts.AnyAsync(a => a.Login == login, cancellationToken);

    public async Task AddAsync(Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            db.Entry(account).State = EntityState.Detached;
            throw new AccountAlreadyExistsException(account.Login, exception);
        }
    }

    public Task<Account?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);

    // The only unique index is on login, so a unique violation on insert is a duplicate login.
    private static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 /* SQLITE_CONSTRAINT_UNIQUE */
            or 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
