using AccountRegistry.Application.Common.Credentials;
using System.ComponentModel;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using Mediator;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>
/// Registers an MT5 account: POST /api/v1/accounts. Defaults are the spec's. The password is a
/// <see cref="Domain.Accounts.Password"/>, which never prints itself.
/// </summary>
[Description("An MT5 account to register. Unknown fields are ignored.")]
public sealed record RegisterAccountCommand : IRequest<AccountResponse>, IVerifiesCredentials
{
    VerificationKind IVerifiesCredentials.Kind => VerificationKind.Register;

    [Description("Human-readable account label")]
    public required string Name { get; init; }

    [Description("Broker name")]
    public required string Broker { get; init; }

    [Description("MT5 account number")]
    public required long Login { get; init; }

    [NeverEchoed]
    [Description("MT5 password; encrypted before storage and never returned")]
    public required Password Password { get; init; }

    [Description("MT5 server name, as the broker spells it")]
    public required string Server { get; init; }

    [Description("True for a live (real) account; must match what MT5 reports")]
    public bool IsLive { get; init; }

    [Description("Symbols a strategy may trade, each an exact or case-insensitive match of a symbol on the server")]
    public IReadOnlyList<string> AllowedSymbols { get; init; } = [];

    [Description("Max trade volume in lots")]
    public decimal MaxLotSize { get; init; } = AccountLimits.DefaultMaxLotSize;

    [Description("Risk per trade as a fraction (0.01 is 1%)")]
    public decimal RiskPct { get; init; } = AccountLimits.DefaultRiskPct;

    [Description("Enable automated trading; needs an account MT5 lets trade")]
    public bool AutoTradeEnabled { get; init; } = true;

    [Description("Path to terminal64.exe; empty uses the service's global terminal")]
    public string Mt5Path { get; init; } = string.Empty;

    /// <summary>"USD" or "USC"; a string so that a bad value is reported, not silently mapped.</summary>
    [Description("Account currency type: USD, or USC for a cent account; must match the account's currency")]
    public string AccountType { get; init; } = nameof(Domain.Accounts.AccountType.USD);
}
