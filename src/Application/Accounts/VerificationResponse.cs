using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Application.Accounts;

/// <summary>
/// The verification resource: the last check of an account's stored credentials against MT5, and
/// what MT5 reported at the last successful one.
/// </summary>
/// <param name="Status"><c>verified</c>, <c>rejected</c> or <c>unverified</c> (never checked by this service).</param>
/// <param name="CheckedAt">When the credentials were last checked, accepted or not.</param>
/// <param name="VerifiedAt">When MT5 last accepted them.</param>
/// <param name="Detail">Why MT5 refused them at the last check; null otherwise.</param>
/// <param name="Mt5">What MT5 reported at the last successful check; null if there was none.</param>
public sealed record VerificationResponse(
    string Status,
    DateTime? CheckedAt,
    DateTime? VerifiedAt,
    string? Detail,
    Mt5FactsResponse? Mt5)
{
    public static VerificationResponse From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new VerificationResponse(
            StatusName(account.VerificationStatus),
            account.CheckedAt,
            account.VerifiedAt,
            account.VerificationDetail,
            account.Mt5 is { } facts
                ? new Mt5FactsResponse(facts.Company, facts.Currency, TradeModeName(facts.TradeMode), facts.TradeAllowed, facts.Symbols.Count)
                : null);
    }

    private static string StatusName(VerificationStatus status) => status switch
    {
        VerificationStatus.Verified => "verified",
        VerificationStatus.Rejected => "rejected",
        _ => "unverified",
    };

    private static string TradeModeName(Mt5TradeMode mode) => mode switch
    {
        Mt5TradeMode.Demo => "demo",
        Mt5TradeMode.Contest => "contest",
        _ => "real",
    };
}

/// <summary>What MT5 reported for the account: the broker's name, the deposit currency, the trade mode, whether trading is allowed, how many symbols the server offers.</summary>
public sealed record Mt5FactsResponse(string Company, string Currency, string TradeMode, bool TradeAllowed, int SymbolCount);
