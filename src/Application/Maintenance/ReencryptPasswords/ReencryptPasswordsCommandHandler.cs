using System.Security.Cryptography;
using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Maintenance.ReencryptPasswords;

/// <summary>
/// Re-seals every stored password that is not yet in the current format under the active key (an
/// older format, or another key), a batch at a time, so that an old key can be retired and old-format
/// rows gain the server binding. Rows already current are skipped, so it can be stopped and run again
/// at any point. A row whose password does not open (its key is gone, it was tampered with or moved)
/// is left as it is and reported, and the run goes on.
/// </summary>
public sealed class ReencryptPasswordsCommandHandler(IStoredPasswords passwords, IPasswordProtector protector)
    : IRequestHandler<ReencryptPasswordsCommand, ReencryptionResult>
{
    public async ValueTask<ReencryptionResult> Handle(ReencryptPasswordsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(command.BatchSize, 1);
        var reencrypted = 0;
        var failed = new List<UnopenablePassword>();
        var afterId = 0L;
        while (true)
        {
            // Walk the table by id; only this batch is in memory.
            var batch = await passwords.ReadAfterAsync(afterId, command.BatchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return new ReencryptionResult(reencrypted, failed);
            }

            var replacements = new List<PasswordReplacement>();
            foreach (var stored in batch.Where(s => !protector.IsCurrent(s.Encrypted)))
            {
                try
                {
                    var password = protector.Unprotect(stored.Encrypted, stored.Login, stored.Server);
                    replacements.Add(new PasswordReplacement(stored, protector.Protect(password, stored.Login, stored.Server)));
                }
                catch (CryptographicException exception)
                {
                    // The protector's messages name the fault and at most the key id, never a secret.
                    failed.Add(new UnopenablePassword(stored.AccountId, stored.Login, exception.Message));
                }
            }

            reencrypted += await passwords.ReplaceAsync(replacements, cancellationToken).ConfigureAwait(false);
            afterId = batch[^1].AccountId;
        }
    }
}
