using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountImportStore(AccountRegistryDbContext db) : IAccountImportStore
{
    public async Task<IReadOnlySet<long>> RegisteredLoginsAsync(IReadOnlyCollection<long> logins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logins);
        if (logins.Count == 0)
        {
            return new HashSet<long>();
        }

        var found = await db.Accounts.Where(a => logins.Contains(a.Login)).Select(a => a.Login).ToListAsync(cancellationToken).ConfigureAwait(false);
        return found.ToHashSet();
    }

    public async Task<IReadOnlySet<long>> AddAsync(IReadOnlyList<Account> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var taken = new HashSet<long>();
        try
        {
            db.Accounts.AddRange(accounts);
            if (await TrySaveAsync(cancellationToken).ConfigureAwait(false))
            {
                return taken;
            }

            // A login was registered since it was looked up (the service runs meanwhile): one at a time.
            foreach (var account in accounts)
            {
                db.Accounts.Add(account);
                if (!await TrySaveAsync(cancellationToken).ConfigureAwait(false))
                {
                    taken.Add(account.Login);
                }
            }

            return taken;
        }
        finally
        {
            // Only one batch is ever tracked.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Saves what is tracked in one transaction; false, with nothing saved and nothing tracked, when a login is taken.</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            db.ChangeTracker.Clear();
            return true;
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
