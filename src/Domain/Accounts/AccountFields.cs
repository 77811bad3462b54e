namespace AccountRegistry.Domain.Accounts;

/// <summary>The account's field names, as the spec and the audit trail spell them.</summary>
public static class AccountFields
{
    public const string Name = "name";
    public const string Broker = "broker";
    public const string AllowedSymbols = "allowed_symbols";
    public const string MaxLotSize = "max_lot_size";
    public const string RiskPct = "risk_pct";
    public const string AutoTradeEnabled = "auto_trade_enabled";
    public const string PaperTradeEnabled = "paper_trade_enabled";
    public const string IsActive = "is_active";
    public const string Mt5Path = "mt5_path";
    public const string IsLive = "is_live";
    public const string AccountType = "account_type";
}
