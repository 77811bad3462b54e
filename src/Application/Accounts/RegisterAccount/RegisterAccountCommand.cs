using AccountRegistry.Domain.Accounts;
using Mediator;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>
/// Registers an MT5 account: POST /api/v1/accounts. Defaults are the spec's. The password is a
/// <see cref="Domain.Accounts.Password"/>, which never prints itself.
/// </summary>
public sealed record RegisterAccountCommand : IRequest<AccountResponse>
{
    public required string Name { get; init; }

    public required string Broker { get; init; }

    public required long Login { get; init; }

    public required Password Password { get; init; }

    public required string Server { get; init; }

    public bool IsLive { get; init; }

    public IReadOnlyList<string> AllowedSymbols { get; init; } = [];

    public decimal MaxLotSize { get; init; } = AccountLimits.DefaultMaxLotSize;

    public decimal RiskPct { get; init; } = AccountLimits.DefaultRiskPct;

    public bool AutoTradeEnabled { get; init; } = true;

    public string Mt5Path { get; init; } = string.Empty;

    /// <summary>"USD" or "USC"; a string so that a bad value is reported, not silently mapped.</summary>
    public string AccountType { get; init; } = nameof(Domain.Accounts.AccountType.USD);
}
