using System.Globalization;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// A change to what MT5 decides (allowed_symbols, auto_trade_enabled, is_live, account_type) of an
/// account MT5 has never been asked about (an imported one): there is nothing to check it against
/// (HTTP 400). Verifying the account first gives the facts.
/// </summary>
public sealed class AccountNotVerifiedException(long accountId)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"account {accountId} has no verified MT5 facts to check allowed_symbols, auto_trade_enabled, is_live or account_type against; " +
        $"verify it first (POST /api/v1/accounts/{accountId}/verify), then retry"))
{
    public long AccountId { get; } = accountId;
}
