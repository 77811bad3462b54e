using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Infrastructure.IntegrationTests.TestSupport;

internal static class TestAccounts
{
    public static readonly DateTimeOffset RegisteredAt = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5_358_979);

    public static AccountDetails Details(long login, IReadOnlyList<string>? symbols = null) => new(
        Name: $"Strategy {login}",
        Broker: "Example Broker",
        Login: login,
        Server: "Example-Demo",
        IsLive: false,
        AllowedSymbols: symbols ?? ["EURUSD", "XAUUSD.m"],
        MaxLotSize: 0.1m,
        RiskPct: 0.005m,
        AutoTradeEnabled: true,
        Mt5Path: string.Empty,
        AccountType: AccountType.USD);

    public static Account Create(long login, IReadOnlyList<string>? symbols = null, DateTimeOffset? now = null) =>
        Account.Register(Details(login, symbols), new EncryptedPassword($"k1:sealed-{login}"), now ?? RegisteredAt);
}
