namespace AccountRegistry.Domain.Mt5;

/// <summary>
/// What MT5 reported about an account at its last successful verification, kept with the account so
/// that a change can be checked against it without logging in again.
/// </summary>
public sealed class Mt5Facts
{
    // For EF Core's materialisation only.
    private Mt5Facts()
    {
        Company = Currency = string.Empty;
        Symbols = [];
    }

    public Mt5Facts(Mt5AccountSnapshot reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        Company = reported.Company;
        Currency = reported.Currency;
        TradeMode = reported.TradeMode;
        TradeAllowed = reported.TradeAllowed;
        Symbols = [.. reported.Symbols];
    }

    /// <summary>ACCOUNT_COMPANY, the broker's name.</summary>
    public string Company { get; private set; }

    /// <summary>ACCOUNT_CURRENCY.</summary>
    public string Currency { get; private set; }

    /// <summary>ACCOUNT_TRADE_MODE.</summary>
    public Mt5TradeMode TradeMode { get; private set; }

    /// <summary>ACCOUNT_TRADE_ALLOWED.</summary>
    public bool TradeAllowed { get; private set; }

    /// <summary>Every symbol the server offered, in its spelling.</summary>
    public IReadOnlyList<string> Symbols { get; private set; }

    /// <summary>The facts as a snapshot of the given account, for the consistency check.</summary>
    public Mt5AccountSnapshot ToSnapshot(long login, string server) =>
        new(login, server, Company, Currency, TradeMode, TradeAllowed, Symbols);
}
