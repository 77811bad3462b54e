using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// Re-encrypts every stored password under <c>Encryption:ActiveKeyId</c>, a batch at a time, so
/// that an old key can be retired. Rows already under the active key are skipped, so it can be
/// stopped and run again at any point.
/// </summary>
public static class PasswordReencryption
{
    /// <summary>Returns how many passwords were re-encrypted.</summary>
    public static async Task<int> ReencryptPasswordsAsync(
        this IServiceProvider services, int batchSize = 200, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var activeKeyId = services.GetRequiredService<IOptionsMonitor<EncryptionOptions>>().CurrentValue.ActiveKeyId
            ?? throw new InvalidOperationException("Encryption:ActiveKeyId is not set.");
        var protector = services.GetRequiredService<IPasswordProtector>();
        var prefix = activeKeyId + ":";
        var total = 0;
        var afterId = 0L;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
            // Walk the table by id; only this batch is in memory.
            var batch = await db.Accounts
                .Where(a => a.Id > afterId)
                .OrderBy(a => a.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var account in batch.Where(a => !a.EncryptedPassword.Value.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var password = protector.Unprotect(account.EncryptedPassword, account.Login);
                account.RotatePasswordEncryption(protector.Protect(password, account.Login));
                total++;
            }

            using (await scope.ServiceProvider.GetRequiredService<DatabaseWriteGate>().EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            afterId = batch[^1].Id;
        }
    }
}
