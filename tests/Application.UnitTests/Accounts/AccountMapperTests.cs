using System.Globalization;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.UnitTests.Accounts;

public sealed class AccountMapperTests
{
    private static readonly EncryptedPassword Sealed = new("v1:key-1:Y2lwaGVydGV4dA==");

    private static Account NewAccount(AccountType accountType = AccountType.USD)
    {
        var account = Account.Register(
            new AccountDetails(
                Name: "Live Trading Account",
                Broker: "MetaQuotes",
                Login: 12345678,
                Server: "MetaQuotes-Demo",
                IsLive: true,
                AllowedSymbols: ["EURUSD.raw", "XAUUSD"],
                MaxLotSize: 2.5m,
                RiskPct: 0.015m,
                AutoTradeEnabled: false,
                Mt5Path: @"C:\MT5\terminal64.exe",
                AccountType: accountType),
            Sealed,
            new DateTimeOffset(2026, 11, 24, 17, 48, 20, TimeSpan.Zero).AddTicks(4_429_470));
        SetProperty(account, nameof(Account.Id), 42L);
        return account;
    }

    // The entity's setters are private: the database sets these when it stores or reads an account.
    private static void SetProperty(Account account, string name, object value) =>
        typeof(Account).GetProperty(name)!.SetValue(account, value);

    [Test]
    public void ToResponse_MapsEveryField()
    {
        var account = NewAccount();

        var response = account.ToResponse();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Id, Is.EqualTo(42));
            Assert.That(response.Name, Is.EqualTo(account.Name));
            Assert.That(response.Broker, Is.EqualTo(account.Broker));
            Assert.That(response.Login, Is.EqualTo(account.Login));
            Assert.That(response.Server, Is.EqualTo(account.Server));
            Assert.That(response.IsLive, Is.EqualTo(account.IsLive).And.True);
            Assert.That(response.IsActive, Is.EqualTo(account.IsActive).And.True);
            Assert.That(response.AllowedSymbols, Is.EqualTo(account.AllowedSymbols));
            Assert.That(response.MaxLotSize, Is.EqualTo(account.MaxLotSize));
            Assert.That(response.RiskPct, Is.EqualTo(account.RiskPct));
            Assert.That(response.AutoTradeEnabled, Is.EqualTo(account.AutoTradeEnabled).And.False);
            Assert.That(response.PaperTradeEnabled, Is.EqualTo(account.PaperTradeEnabled).And.False);
            Assert.That(response.Mt5Path, Is.EqualTo(account.Mt5Path));
            Assert.That(response.AccountType, Is.EqualTo("USD"));
            Assert.That(response.CreatedAt, Is.EqualTo(account.CreatedAt));
            Assert.That(response.CreatedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
        }
    }

    [Test]
    public void ToResponse_GivesEveryResponsePropertyTheEntitysValue()
    {
        var account = NewAccount();

        var response = account.ToResponse();

        using (Assert.EnterMultipleScope())
        {
            foreach (var property in typeof(AccountResponse).GetProperties().Where(p => p.Name != "EqualityContract"))
            {
                var source = typeof(Account).GetProperty(property.Name);
                Assert.That(source, Is.Not.Null, $"Account has no property {property.Name}");
                var expected = source!.GetValue(account);
                if (expected is AccountType type)
                {
                    expected = type.ToString();
                }

                Assert.That(property.GetValue(response), Is.EqualTo(expected), property.Name);
            }
        }
    }

    [TestCase(AccountType.USD, "USD")]
    [TestCase(AccountType.USC, "USC")]
    public void ToResponse_MapsAccountTypeToItsName(AccountType accountType, string expected)
    {
        Assert.That(NewAccount(accountType).ToResponse().AccountType, Is.EqualTo(expected));
    }

    [Test]
    public void ToResponse_NormalisesDecimalsReadBackAtTheColumnsScale()
    {
        var account = NewAccount();
        SetProperty(account, nameof(Account.MaxLotSize), 0.10000000m);
        SetProperty(account, nameof(Account.RiskPct), 0.01000000m);

        var response = account.ToResponse();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.MaxLotSize.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.1"));
            Assert.That(response.RiskPct.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.01"));
        }
    }

    [Test]
    public void AccountResponse_HasNoPasswordProperty()
    {
        var names = typeof(AccountResponse).GetProperties().Select(p => p.Name);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Is.Not.Empty);
            Assert.That(names.Where(name => name.Contains("Password", StringComparison.OrdinalIgnoreCase)), Is.Empty);
        }
    }

    [Test]
    public void ToResponse_DoesNotCarryTheEncryptedPassword()
    {
        var response = NewAccount().ToResponse();

        Assert.That(response.ToString(), Does.Not.Contain(Sealed.Value));
    }
}
