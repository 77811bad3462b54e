using System.Globalization;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Accounts;

/// <summary>The use cases' one way to find the account a request names, or answer 404.</summary>
internal static class AccountLookup
{
    /// <summary>The whole account, tracked (see <see cref="IAccountRepository.FindAsync"/>).</summary>
    /// <exception cref="AccountNotFoundException">No account has the id (HTTP 404).</exception>
    public static async Task<Account> FindRequiredAsync(this IAccountRepository accounts, long id, CancellationToken cancellationToken) =>
        await accounts.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AccountNotFoundException(id.ToString(CultureInfo.InvariantCulture));
}
