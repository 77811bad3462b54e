namespace AccountRegistry.Domain.Accounts;

/// <summary>What a client asks to register, apart from the password.</summary>
public sealed record AccountDetails(
    string Name,
    string Broker,
    long Login,
    string Server,
    bool IsLive,
    IReadOnlyList<string> AllowedSymbols,
    decimal MaxLotSize,
    decimal RiskPct,
    bool AutoTradeEnabled,
    string Mt5Path,
    AccountType AccountType);
