using AccountRegistry.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class StoredPasswords(AccountRegistryDbContext db) : IStoredPasswords
{
    public async Task<IReadOnlyList<StoredPassword>> ReadAfterAsync(long afterId, int count, CancellationToken cancellationToken) =>
        await db.Accounts
            .AsNoTracking()
            .Where(a => a.Id > afterId)
            .OrderBy(a => a.Id)
            .Take(count)
            .Select(a => new StoredPassword(a.Id, a.Login, a.Server, a.EncryptedPassword))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    public async Task<int> ReplaceAsync(IReadOnlyList<PasswordReplacement> replacements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        if (replacements.Count == 0)
        {
            return 0;
        }

        var ids = replacements.Select(r => r.Previous.AccountId).ToList();
        var accounts = await db.Accounts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken).ConfigureAwait(false);
        var replaced = 0;
        foreach (var (previous, replacement) in replacements)
        {
            if (accounts.TryGetValue(previous.AccountId, out var account)
                && account.Login == previous.Login
                && string.Equals(account.Server, previous.Server, StringComparison.Ordinal)
                && account.EncryptedPassword == previous.Encrypted)
            {
                account.RotatePasswordEncryption(replacement);
                replaced++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Only one batch is ever tracked.
            db.ChangeTracker.Clear();
        }

        return replaced;
    }
}
