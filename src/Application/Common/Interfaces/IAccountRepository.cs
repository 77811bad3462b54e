using AccountRegistry.Application.Accounts;
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

    Task<Account?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Accounts ordered by id, <paramref name="skip"/> passed over and at most <paramref name="limit"/>
    /// returned, read straight into the response (the database sends no other column).
    /// </summary>
    Task<IReadOnlyList<AccountResponse>> ListAsync(int skip, int limit, CancellationToken cancellationToken);

    /// <summary>How many accounts are stored.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
