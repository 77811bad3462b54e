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

    /// <summary>Every account, ordered by id.</summary>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);
}
