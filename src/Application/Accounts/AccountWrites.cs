using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Accounts;

/// <summary>
/// The one way a write to a stored account runs: load it (404 if none), check the request's
/// precondition (412 unless it allows the current version), apply and store. When another writer
/// got in between the read and the write: a client that named a version gets a 412 (never a write
/// over a version it has not seen); one that named none has the write applied afresh over the new
/// version (the last write wins, as FastAPI would do), at most <see cref="MaxAttempts"/> times in
/// all, and then the concurrent change goes out as a 409.
/// </summary>
public static class AccountWrites
{
    public const int MaxAttempts = 3;

    /// <summary>Runs <paramref name="write"/> on account <paramref name="accountId"/>, as the type says.</summary>
    /// <param name="accounts">The store of the request's accounts.</param>
    /// <param name="accountId">The account to write.</param>
    /// <param name="precondition">What the request requires of the account's version.</param>
    /// <param name="write">Applies the change to the account it is given and stores it; called once per attempt, each time on a fresh read.</param>
    /// <param name="cancellationToken">Ends the work when the client goes away.</param>
    public static async Task<T> RunAsync<T>(
        IAccountRepository accounts, long accountId, VersionPrecondition precondition, Func<Account, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(precondition);
        ArgumentNullException.ThrowIfNull(write);
        for (var attempt = 1; ; attempt++)
        {
            var account = await accounts.FindRequiredAsync(accountId, cancellationToken).ConfigureAwait(false);
            if (!precondition.Allows(account.Version))
            {
                throw new PreconditionFailedException(accountId);
            }

            try
            {
                return await write(account).ConfigureAwait(false);
            }
            catch (AccountChangedConcurrentlyException) when (precondition.IsRequired)
            {
                // The version the client named was current when read, and is not any more.
                throw new PreconditionFailedException(accountId);
            }
            catch (AccountChangedConcurrentlyException) when (attempt < MaxAttempts)
            {
                // Read again (a removed account is then a 404) and applied afresh.
            }
        }
    }
}
