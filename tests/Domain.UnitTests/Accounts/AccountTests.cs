using System.Globalization;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;

namespace AccountRegistry.Domain.UnitTests.Accounts;

public sealed class AccountTests
{
    private static readonly EncryptedPassword Sealed = new("v1:key-1:c2VhbGVk");

    // 2025-03-04 05:06:07 +02:00 plus 1,234,567 ticks (0.1234567 s): the last tick is sub-microsecond.
    private static readonly DateTimeOffset Now =
        new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    private static AccountDetails ValidDetails() => new(
        Name: "Live Trading Account",
        Broker: "MetaQuotes",
        Login: 12345678,
        Server: "MetaQuotes-Demo",
        IsLive: false,
        AllowedSymbols: ["EURUSD", "GBPUSD"],
        MaxLotSize: 0.1m,
        RiskPct: 0.01m,
        AutoTradeEnabled: true,
        Mt5Path: string.Empty,
        AccountType: AccountType.USD);

    private static Account Register(AccountDetails details) => Account.Register(details, Sealed, Now);

    [Test]
    public void Register_CopiesTheDetails()
    {
        var details = ValidDetails() with { IsLive = true, AutoTradeEnabled = false, Mt5Path = @"C:\MT5\terminal64.exe", AccountType = AccountType.USC };

        var account = Register(details);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Id, Is.Zero);
            Assert.That(account.Name, Is.EqualTo("Live Trading Account"));
            Assert.That(account.Broker, Is.EqualTo("MetaQuotes"));
            Assert.That(account.Login, Is.EqualTo(12345678));
            Assert.That(account.Server, Is.EqualTo("MetaQuotes-Demo"));
            Assert.That(account.IsLive, Is.True);
            Assert.That(account.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(account.MaxLotSize, Is.EqualTo(0.1m));
            Assert.That(account.RiskPct, Is.EqualTo(0.01m));
            Assert.That(account.AutoTradeEnabled, Is.False);
            Assert.That(account.Mt5Path, Is.EqualTo(@"C:\MT5\terminal64.exe"));
            Assert.That(account.AccountType, Is.EqualTo(AccountType.USC));
            Assert.That(account.EncryptedPassword, Is.SameAs(Sealed));
        }
    }

    [Test]
    public void Register_MakesTheAccountActive_WithPaperTradingOff()
    {
        var account = Register(ValidDetails());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.IsActive, Is.True);
            Assert.That(account.PaperTradeEnabled, Is.False);
        }
    }

    [Test]
    public void Register_SetsCreatedAtInUtc_TruncatedToMicroseconds()
    {
        var account = Register(ValidDetails());

        var expected = new DateTime(2025, 3, 4, 3, 6, 7, DateTimeKind.Utc).AddTicks(1_234_560);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.CreatedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(account.CreatedAt.Ticks, Is.EqualTo(expected.Ticks));
            Assert.That(account.CreatedAt.Ticks % 10, Is.Zero);
        }
    }

    [Test]
    public void Register_KeepsCreatedAt_WhenAlreadyWholeMicroseconds()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_560);

        var account = Account.Register(ValidDetails(), Sealed, now);

        Assert.That(account.CreatedAt, Is.EqualTo(now.UtcDateTime));
    }

    [Test]
    public void Register_NormalisesDecimals()
    {
        var account = Register(ValidDetails() with { MaxLotSize = 0.10m, RiskPct = 0.0100000m });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.MaxLotSize.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.1"));
            Assert.That(account.MaxLotSize.Scale, Is.EqualTo(0.1m.Scale));
            Assert.That(account.RiskPct.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.01"));
            Assert.That(account.RiskPct.Scale, Is.EqualTo(2));
        }
    }

    [Test]
    public void Register_NormalisesWholeDecimals()
    {
        var account = Register(ValidDetails() with { MaxLotSize = 100.00000000m, RiskPct = 1.0m });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.MaxLotSize.ToString(CultureInfo.InvariantCulture), Is.EqualTo("100"));
            Assert.That(account.RiskPct.ToString(CultureInfo.InvariantCulture), Is.EqualTo("1"));
        }
    }

    [Test]
    public void Register_KeepsAnEmptyTerminalPath()
    {
        Assert.That(Register(ValidDetails()).Mt5Path, Is.Empty);
    }

    [Test]
    public void Register_AcceptsValuesAtTheBounds()
    {
        var details = ValidDetails() with
        {
            Name = new string('n', AccountLimits.NameMaxLength),
            Broker = new string('b', AccountLimits.BrokerMaxLength),
            Login = 1,
            Server = new string('s', AccountLimits.ServerMaxLength),
            AllowedSymbols = [new string('X', AccountLimits.SymbolMaxLength), "Y"],
            MaxLotSize = 100m,
            RiskPct = 1m,
            Mt5Path = new string('p', AccountLimits.Mt5PathMaxLength),
        };

        var account = Register(details);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Name, Has.Length.EqualTo(100));
            Assert.That(account.Broker, Has.Length.EqualTo(100));
            Assert.That(account.Server, Has.Length.EqualTo(200));
            Assert.That(account.AllowedSymbols[0], Has.Length.EqualTo(32));
            Assert.That(account.MaxLotSize, Is.EqualTo(100m));
            Assert.That(account.RiskPct, Is.EqualTo(1m));
            Assert.That(account.Mt5Path, Has.Length.EqualTo(500));
        }
    }

    [Test]
    public void Register_AcceptsTheSmallestPositiveLimits()
    {
        var account = Register(ValidDetails() with { MaxLotSize = 0.00000001m, RiskPct = 0.00000001m });

        Assert.That(account.MaxLotSize, Is.EqualTo(0.00000001m));
    }

    [Test]
    public void Register_AcceptsMaxAllowedSymbols()
    {
        var symbols = Enumerable.Range(0, AccountLimits.MaxAllowedSymbols)
            .Select(i => "S" + i.ToString("D3", CultureInfo.InvariantCulture))
            .ToArray();

        var account = Register(ValidDetails() with { AllowedSymbols = symbols });

        Assert.That(account.AllowedSymbols, Has.Count.EqualTo(200));
    }

    [Test]
    public void Register_AcceptsNoSymbols()
    {
        Assert.That(Register(ValidDetails() with { AllowedSymbols = [] }).AllowedSymbols, Is.Empty);
    }

    [Test]
    public void Register_Throws_WhenNameEmpty()
    {
        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Name = string.Empty }));

        Assert.That(exception.Message, Does.Contain("Name").And.Contain("1 to 100"));
    }

    [Test]
    public void Register_Throws_WhenNameTooLong()
    {
        var exception = Assert.Throws<DomainRuleViolationException>(
            () => Register(ValidDetails() with { Name = new string('n', 101) }));

        Assert.That(exception.Message, Does.Contain("Name"));
    }

    [TestCase("Line\nbreak")]
    [TestCase("Tab\there")]
    [TestCase("Nul\0")]
    [TestCase("Del\u007F")]
    [TestCase("C1\u0085")]
    [TestCase("C1\u009F")]
    public void Register_Throws_WhenNameHasControlCharacters(string name)
    {
        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Name = name }));

        Assert.That(exception.Message, Does.Contain("control characters"));
    }

    [Test]
    public void Register_AcceptsCharactersJustOutsideTheControlRanges()
    {
        var account = Register(ValidDetails() with { Name = "Space ~ and \u00A0 and é" });

        Assert.That(account.Name, Is.EqualTo("Space ~ and \u00A0 and é"));
    }

    [Test]
    public void Register_Throws_WhenBrokerEmptyOrTooLong()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Broker = string.Empty }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Broker = new string('b', 101) }));
        }
    }

    [Test]
    public void Register_Throws_WhenServerEmptyTooLongOrHasControlCharacters()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Server = string.Empty }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Server = new string('s', 201) }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Server = "Meta\rQuotes" }));
        }
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(long.MinValue)]
    public void Register_Throws_WhenLoginNotPositive(long login)
    {
        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Login = login }));

        Assert.That(exception.Message, Does.Contain("Login"));
    }

    [TestCase("0")]
    [TestCase("-0.1")]
    [TestCase("100.0001")]
    public void Register_Throws_WhenMaxLotSizeOutOfRange(string lot)
    {
        var value = decimal.Parse(lot, CultureInfo.InvariantCulture);

        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { MaxLotSize = value }));

        Assert.That(exception.Message, Does.Contain("Max lot size"));
    }

    [TestCase("0")]
    [TestCase("-0.01")]
    [TestCase("1.01")]
    public void Register_Throws_WhenRiskPctOutOfRange(string risk)
    {
        var value = decimal.Parse(risk, CultureInfo.InvariantCulture);

        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { RiskPct = value }));

        Assert.That(exception.Message, Does.Contain("Risk per trade"));
    }

    [TestCase("EURUSD", "EURUSD")]
    [TestCase("EURUSD", "eurusd")]
    [TestCase("GbpUsd", "GBPUSD")]
    public void Register_Throws_WhenSymbolsRepeat(string first, string second)
    {
        var exception = Assert.Throws<DomainRuleViolationException>(
            () => Register(ValidDetails() with { AllowedSymbols = [first, "XAUUSD", second] }));

        Assert.That(exception.Message, Does.Contain("must not repeat"));
    }

    [Test]
    public void Register_Throws_WhenASymbolIsEmptyTooLongOrHasControlCharacters()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { AllowedSymbols = [string.Empty] }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { AllowedSymbols = [new string('X', 33)] }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { AllowedSymbols = ["EUR\tUSD"] }));
        }
    }

    [Test]
    public void Register_Throws_WhenTooManySymbols()
    {
        var symbols = Enumerable.Range(0, AccountLimits.MaxAllowedSymbols + 1)
            .Select(i => "S" + i.ToString("D3", CultureInfo.InvariantCulture))
            .ToArray();

        var exception = Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { AllowedSymbols = symbols }));

        Assert.That(exception.Message, Does.Contain("200"));
    }

    [Test]
    public void Register_Throws_WhenTerminalPathTooLongOrHasControlCharacters()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Mt5Path = new string('p', 501) }));
            Assert.Throws<DomainRuleViolationException>(() => Register(ValidDetails() with { Mt5Path = "C:\\MT5\n" }));
        }
    }

    [Test]
    public void Register_Throws_WhenArgumentsNull()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentNullException>(() => Account.Register(null!, Sealed, Now));
            Assert.Throws<ArgumentNullException>(() => Account.Register(ValidDetails(), null!, Now));
        }
    }
}
