using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Domain.UnitTests.Mt5;

public sealed class Mt5AccountConsistencyTests
{
    private const long Login = 12345678;
    private const string Server = "MetaQuotes-Demo";

    private static AccountDetails Requested() => new(
        Name: "Live Trading Account",
        Broker: "MetaQuotes",
        Login: Login,
        Server: Server,
        IsLive: false,
        AllowedSymbols: ["EURUSD", "GBPUSD"],
        MaxLotSize: 0.1m,
        RiskPct: 0.01m,
        AutoTradeEnabled: true,
        Mt5Path: string.Empty,
        AccountType: AccountType.USD);

    private static Mt5AccountSnapshot Reported() => new(
        Login: Login,
        Server: Server,
        Company: "MetaQuotes Ltd.",
        Currency: "USD",
        TradeMode: Mt5TradeMode.Demo,
        TradeAllowed: true,
        Symbols: ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD"]);

    [Test]
    public void Check_ReturnsTheDetails_WhenConsistent()
    {
        var requested = Requested();

        var result = Mt5AccountConsistency.Check(requested, Reported());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.True);
            Assert.That(result.Problems, Is.Empty);
            Assert.That(result.Details, Is.EqualTo(requested with { AllowedSymbols = result.Details!.AllowedSymbols }));
            Assert.That(result.Details!.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
        }
    }

    [Test]
    public void Check_ReturnsSymbolsInTheServersSpelling()
    {
        var requested = Requested() with { AllowedSymbols = ["eurusd", "XauUsd", "GBPUSD"] };

        var result = Mt5AccountConsistency.Check(requested, Reported());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.True);
            Assert.That(result.Details!.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "XAUUSD", "GBPUSD" }));
            Assert.That(result.Details.Name, Is.EqualTo(requested.Name));
        }
    }

    [Test]
    public void Check_IsConsistent_ForALiveAccountReportedReal()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { IsLive = true }, Reported() with { TradeMode = Mt5TradeMode.Real });

        Assert.That(result.IsConsistent, Is.True);
    }

    [Test]
    public void Check_IsConsistent_ForADemoRequestReportedContest()
    {
        var result = Mt5AccountConsistency.Check(Requested(), Reported() with { TradeMode = Mt5TradeMode.Contest });

        Assert.That(result.IsConsistent, Is.True);
    }

    [Test]
    public void Check_ReportsIsLiveMismatch_WhenLiveRequestedButDemo()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { IsLive = true }, Reported());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Details, Is.Null);
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.StartWith("is_live is true"));
            Assert.That(result.Problems[0], Does.Contain($"account {Login} on {Server} is a demo account"));
            Assert.That(result.Problems[0], Does.EndWith("set is_live to false"));
        }
    }

    [Test]
    public void Check_ReportsIsLiveMismatch_WhenLiveRequestedButContest()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { IsLive = true }, Reported() with { TradeMode = Mt5TradeMode.Contest });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.Contain("is_live is true").And.Contain("contest account"));
            Assert.That(result.Problems[0], Does.Contain("set is_live to false"));
        }
    }

    [Test]
    public void Check_ReportsIsLiveMismatch_WhenDemoRequestedButReal()
    {
        var result = Mt5AccountConsistency.Check(Requested(), Reported() with { TradeMode = Mt5TradeMode.Real });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.StartWith("is_live is false"));
            Assert.That(result.Problems[0], Does.Contain($"account {Login} on {Server} is a real (live) account"));
            Assert.That(result.Problems[0], Does.EndWith("set is_live to true"));
        }
    }

    [Test]
    public void Check_ReportsTradeNotAllowed_WhenAutoTradeEnabled()
    {
        var result = Mt5AccountConsistency.Check(Requested(), Reported() with { TradeAllowed = false });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.StartWith("auto_trade_enabled is true"));
            Assert.That(result.Problems[0], Does.Contain("trading is not allowed"));
            Assert.That(result.Problems[0], Does.Contain("register with the master password"));
            Assert.That(result.Problems[0], Does.EndWith("set auto_trade_enabled to false"));
        }
    }

    [Test]
    public void Check_AllowsAReadOnlyLogin_WhenAutoTradeDisabled()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AutoTradeEnabled = false }, Reported() with { TradeAllowed = false });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.True);
            Assert.That(result.Details!.AutoTradeEnabled, Is.False);
        }
    }

    [TestCase(AccountType.USD, "USC", "USC")]
    [TestCase(AccountType.USC, "USD", "USD")]
    [TestCase(AccountType.USD, "usc", "USC")]
    [TestCase(AccountType.USC, " USD ", "USD")]
    public void Check_ReportsAccountTypeMismatch(AccountType requestedType, string currency, string fix)
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AccountType = requestedType }, Reported() with { Currency = currency });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.StartWith($"account_type is {requestedType}"));
            Assert.That(result.Problems[0], Does.Contain($"the currency of account {Login} on {Server} is {currency}"));
            Assert.That(result.Problems[0], Does.EndWith($"set account_type to {fix}"));
        }
    }

    [TestCase(AccountType.USD, "usd")]
    [TestCase(AccountType.USC, "USC")]
    public void Check_IsConsistent_WhenAccountTypeMatchesCurrency(AccountType requestedType, string currency)
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AccountType = requestedType }, Reported() with { Currency = currency });

        Assert.That(result.IsConsistent, Is.True);
    }

    [TestCase(AccountType.USD, "EUR")]
    [TestCase(AccountType.USC, "EUR")]
    [TestCase(AccountType.USC, "")]
    public void Check_DoesNotCheckAccountType_ForOtherCurrencies(AccountType requestedType, string currency)
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AccountType = requestedType }, Reported() with { Currency = currency });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.True);
            Assert.That(result.Details!.AccountType, Is.EqualTo(requestedType));
        }
    }

    [Test]
    public void Check_NamesUnknownSymbols_WithTheServersVariants()
    {
        var reported = Reported() with { Server = "Broker-Live", Symbols = ["EURUSD.m", "EURUSDm", "m.EURUSD", "GBPUSD"] };
        var requested = Requested() with { Server = "Broker-Live", AllowedSymbols = ["EURUSD", "GBPUSD", "BTCUSD"] };

        var result = Mt5AccountConsistency.Check(requested, reported);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Is.EqualTo(
                "allowed_symbols has symbols that Broker-Live does not offer: " +
                "EURUSD (the server has EURUSDm, EURUSD.m, m.EURUSD); BTCUSD; " +
                "use the server's exact symbol names"));
            Assert.That(result.Problems[0], Does.Not.Contain("GBPUSD"));
        }
    }

    [Test]
    public void Check_NamesAmbiguousSymbols_WithEveryCaseVariant()
    {
        var reported = Reported() with { Symbols = ["EURUSD", "eurusd"] };
        var requested = Requested() with { AllowedSymbols = ["EurUsd"] };

        var result = Mt5AccountConsistency.Check(requested, reported);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.Contain("allowed_symbols"));
            Assert.That(result.Problems[0], Does.Contain("EurUsd (the server has EURUSD, eurusd)"));
        }
    }

    [Test]
    public void Check_IsConsistent_WithNoSymbols()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AllowedSymbols = [] }, Reported() with { Symbols = [] });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.True);
            Assert.That(result.Details!.AllowedSymbols, Is.Empty);
        }
    }

    [Test]
    public void Check_ReportsEveryProblemTogether()
    {
        var requested = Requested() with { IsLive = true, AccountType = AccountType.USD, AllowedSymbols = ["EURUSD"] };
        var reported = Reported() with { TradeMode = Mt5TradeMode.Demo, TradeAllowed = false, Currency = "USC", Symbols = ["EURUSDc"] };

        var result = Mt5AccountConsistency.Check(requested, reported);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.Details, Is.Null);
            Assert.That(result.Problems, Has.Count.EqualTo(4));
            Assert.That(result.Problems[0], Does.StartWith("is_live"));
            Assert.That(result.Problems[1], Does.StartWith("auto_trade_enabled"));
            Assert.That(result.Problems[2], Does.StartWith("account_type"));
            Assert.That(result.Problems[3], Does.StartWith("allowed_symbols").And.Contain("EURUSD (the server has EURUSDc)"));
        }
    }

    [Test]
    public void Check_SaysOnlySymbolsAreUnknown_WhenNothingElseDisagrees()
    {
        var result = Mt5AccountConsistency.Check(Requested() with { AllowedSymbols = ["BTCUSD"] }, Reported());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsConsistent, Is.False);
            Assert.That(result.OnlySymbolsUnknown, Is.True);
        }
    }

    [Test]
    public void Check_DoesNotSayOnlySymbolsAreUnknown_WhenAFactDisagreesToo()
    {
        var withSymbols = Mt5AccountConsistency.Check(Requested() with { IsLive = true, AllowedSymbols = ["BTCUSD"] }, Reported());
        var factOnly = Mt5AccountConsistency.Check(Requested() with { IsLive = true }, Reported());
        var consistent = Mt5AccountConsistency.Check(Requested(), Reported());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withSymbols.OnlySymbolsUnknown, Is.False);
            Assert.That(factOnly.OnlySymbolsUnknown, Is.False);
            Assert.That(consistent.OnlySymbolsUnknown, Is.False);
        }
    }

    [Test]
    public void Check_Throws_WhenArgumentsNull()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentNullException>(() => Mt5AccountConsistency.Check(null!, Reported()));
            Assert.Throws<ArgumentNullException>(() => Mt5AccountConsistency.Check(Requested(), null!));
        }
    }
}
