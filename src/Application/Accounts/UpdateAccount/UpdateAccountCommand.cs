using System.ComponentModel;
using System.Text.Json.Serialization;
using AccountRegistry.Application.Common.Models;
using Mediator;

namespace AccountRegistry.Application.Accounts.UpdateAccount;

/// <summary>
/// Changes an account: PATCH /api/v1/accounts/{account_id}, a merge-patch. A field left out keeps
/// its value; <c>null</c> is no value for any of them. The login and the server are the account's
/// identity at the broker and cannot change: they are fields only so that sending them is a 422
/// saying what to do instead.
/// </summary>
[Description("Changes to an MT5 account: a merge-patch, where a field left out keeps its value. Unknown fields are ignored.")]
public sealed record UpdateAccountCommand : IRequest<AccountResponse>
{
    /// <summary>From the path, not the body.</summary>
    [JsonIgnore]
    public long AccountId { get; init; }

    /// <summary>From the request's <c>If-Match</c>, not the body.</summary>
    [JsonIgnore]
    public VersionPrecondition Precondition { get; init; } = VersionPrecondition.None;

    [Description("Human-readable account label")]
    public Optional<string> Name { get; init; }

    [Description("Broker name")]
    public Optional<string> Broker { get; init; }

    [Description("Cannot change: register the new account instead")]
    public Optional<long> Login { get; init; }

    [Description("Cannot change: register the new account instead")]
    public Optional<string> Server { get; init; }

    [Description("True for a live (real) account; must match what MT5 reports")]
    public Optional<bool> IsLive { get; init; }

    [Description("Symbols a strategy may trade, each an exact or case-insensitive match of a symbol on the server")]
    public Optional<IReadOnlyList<string>> AllowedSymbols { get; init; }

    [Description("Max trade volume in lots")]
    public Optional<decimal> MaxLotSize { get; init; }

    [Description("Risk per trade as a fraction (0.01 is 1%)")]
    public Optional<decimal> RiskPct { get; init; }

    [Description("Enable automated trading; needs an account MT5 lets trade")]
    public Optional<bool> AutoTradeEnabled { get; init; }

    [Description("Trade on paper only")]
    public Optional<bool> PaperTradeEnabled { get; init; }

    [Description("False to stop every strategy on the account")]
    public Optional<bool> IsActive { get; init; }

    [Description("Path to terminal64.exe; empty uses the service's global terminal")]
    public Optional<string> Mt5Path { get; init; }

    [Description("Account currency type: USD, or USC for a cent account; must match the account's currency")]
    public Optional<string> AccountType { get; init; }
}
