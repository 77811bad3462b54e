using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

public interface IAccountRepository
{
    Task<bool> LoginExistsAsync(long login, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new account and gives it its id. Throws
    /// <see cref="Exceptions.AccountAlreadyExistsException"/> when another request stored the
    /// same login first.
    /// </summary>
    Task AddAsync(Account account, CancellationToken cancellationToken);

    /// <summary>
    /// The whole account (MT5's facts included), tracked: a change to it is stored by
    /// <see cref="SaveChangesAsync"/>.
    /// </summary>
    Task<Account?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The account as the API returns it, read straight into the response (MT5's facts stay in the database).</summary>
    Task<AccountResponse?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the changes made to the accounts found (with the audit events they raised). Throws
    /// <see cref="Exceptions.AccountChangedConcurrentlyException"/> when another writer changed or
    /// removed one of them since it was read.
    /// </summary>
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Removes an account found, with its ciphertext, and stores the events it raised.</summary>
    Task RemoveAsync(Account account, CancellationToken cancellationToken);

    /// <summary>
    /// The accounts <paramref name="filter"/> matches, ordered by id, <paramref name="skip"/> passed
    /// over and at most <paramref name="limit"/> returned, read straight into the response (the
    /// database sends no other column).
    /// </summary>
    Task<IReadOnlyList<AccountResponse>> ListAsync(AccountFilter filter, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>How many stored accounts <paramref name="filter"/> matches.</summary>
    Task<int> CountAsync(AccountFilter filter, CancellationToken cancellationToken);
}
