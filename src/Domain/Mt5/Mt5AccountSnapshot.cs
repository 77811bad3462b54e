namespace AccountRegistry.Domain.Mt5;

/// <summary>What MT5 reported about an account once the terminal logged into it.</summary>
/// <param name="Login">ACCOUNT_LOGIN.</param>
/// <param name="Server">ACCOUNT_SERVER.</param>
/// <param name="Company">ACCOUNT_COMPANY, the broker's name.</param>
/// <param name="Currency">ACCOUNT_CURRENCY, e.g. USD, or USC for a cent account.</param>
/// <param name="TradeMode">ACCOUNT_TRADE_MODE.</param>
/// <param name="TradeAllowed">ACCOUNT_TRADE_ALLOWED: false when logged in with the investor (read-only) password.</param>
/// <param name="Symbols">Every symbol name the server offers, in the server's spelling.</param>
public sealed record Mt5AccountSnapshot(
    long Login,
    string Server,
    string Company,
    string Currency,
    Mt5TradeMode TradeMode,
    bool TradeAllowed,
    IReadOnlyList<string> Symbols);
