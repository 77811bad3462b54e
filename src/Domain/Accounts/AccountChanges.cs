namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// A change to an account's details: each property left null stays as it is. The login and the
/// server are not here: they name the MT5 account, and another account is registered, not edited.
/// </summary>
public sealed record AccountChanges
{
    public string? Name { get; init; }

    public string? Broker { get; init; }

    public IReadOnlyList<string>? AllowedSymbols { get; init; }

    public decimal? MaxLotSize { get; init; }

    public decimal? RiskPct { get; init; }

    public bool? AutoTradeEnabled { get; init; }

    public bool? PaperTradeEnabled { get; init; }

    public bool? IsActive { get; init; }

    public string? Mt5Path { get; init; }

    public bool? IsLive { get; init; }

    public AccountType? AccountType { get; init; }

    /// <summary>Whether the change touches a field that must agree with what MT5 reports for the account.</summary>
    public bool TouchesMt5Facts => AllowedSymbols is not null || AutoTradeEnabled is true || IsLive is not null || AccountType is not null;
}
