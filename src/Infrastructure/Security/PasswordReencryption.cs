using System.Globalization;
using System.Security.Cryptography;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// Re-seals every stored password that is not yet in the current format under
/// <c>Encryption:ActiveKeyId</c> (an older format, or another key), a batch at a time, so that an
/// old key can be retired and old-format rows gain the server binding. Rows already current are
/// skipped, so it can be stopped and run again at any point. A row whose password does not open
/// (its key is gone, it was tampered with or moved) is left as it is and reported, and the run goes on.
/// </summary>
public static class PasswordReencryption
{
    public static async Task<ReencryptionResult> ReencryptPasswordsAsync(
        this IServiceProvider services, int batchSize = 200, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var protector = services.GetRequiredService<IPasswordProtector>();
        var reencrypted = 0;
        var failed = new List<UnopenablePassword>();
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
                return new ReencryptionResult(reencrypted, failed);
            }

            foreach (var account in batch.Where(a => !protector.IsCurrent(a.EncryptedPassword)))
            {
                try
                {
                    var password = protector.Unprotect(account.EncryptedPassword, account.Login, account.Server);
                    account.RotatePasswordEncryption(protector.Protect(password, account.Login, account.Server));
                    reencrypted++;
                }
                catch (CryptographicException exception)
                {
                    // The protector's messages name the fault and at most the key id, never a secret.
                    failed.Add(new UnopenablePassword(account.Id, account.Login, exception.Message));
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            afterId = batch[^1].Id;
        }
    }
}

/// <summary>What a run of <c>reencrypt-passwords</c> did.</summary>
/// <param name="Reencrypted">Passwords re-sealed in the current format under the active key.</param>
/// <param name="Failed">Rows whose password did not open; they were left as they were.</param>
public sealed record ReencryptionResult(int Reencrypted, IReadOnlyList<UnopenablePassword> Failed)
{
    /// <summary>One line per row that failed (to <paramref name="errors"/>), then the counts; no password, no key.</summary>
    public void WriteSummary(TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var failure in Failed)
        {
            errors.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Could not open the password of account {failure.AccountId} (login {failure.Login}): {failure.Reason} It was left as it was."));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Re-encrypted {Reencrypted} passwords under the active key."));
        if (Failed.Count > 0)
        {
            errors.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Failed.Count} passwords could not be opened and were not re-encrypted; each opens only with the key that sealed it (Encryption:Keys) and the login and server it was sealed for."));
        }
    }
}

/// <summary>A stored password that did not open: the account's id and login, and why (never the password).</summary>
public sealed record UnopenablePassword(long AccountId, long Login, string Reason);
