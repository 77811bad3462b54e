using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AccountRegistry.Application.Accounts;

/// <summary>
/// An account as the API returns it: exactly the spec's fields. It never carries the password, in any
/// form. <see cref="Version"/> is sent as the response's ETag, not in the body.
/// </summary>
public sealed record AccountResponse(
    long Id,
    string Name,
    string Broker,
    long Login,
    string Server,
    bool IsLive,
    bool IsActive,
    IReadOnlyList<string> AllowedSymbols,
    decimal MaxLotSize,
    decimal RiskPct,
    bool AutoTradeEnabled,
    bool PaperTradeEnabled,
    string Mt5Path,
    [property: AllowedValues(nameof(Domain.Accounts.AccountType.USD), nameof(Domain.Accounts.AccountType.USC))] string AccountType,
    DateTime CreatedAt,
    [property: JsonIgnore] int Version);
