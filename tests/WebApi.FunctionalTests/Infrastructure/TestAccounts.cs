namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>The accounts the Sandbox gateway knows in these tests.</summary>
public static class TestAccounts
{
    public const long DemoLogin = 12345678;
    public const string DemoPassword = "MyMT5Password";
    public const string DemoServer = "MetaQuotes-Demo";

    public const long InvestorLogin = 87654321;
    public const string InvestorPassword = "Investor-Only-1";

    public const string LiveServer = "Broker-Live";
    public const string LivePassword = "Live-Password-1";

    public const string CentServer = "Broker-Cent";
    public const string CentPassword = "Cent-Password-1";

    /// <summary>A wildcard demo server: any login with this password is valid.</summary>
    public const string AnyLoginServer = "Broker-Demo";
    public const string AnyLoginPassword = "Any-Login-Password-1";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Mt5:Sandbox:Accounts:0:Login"] = DemoLogin.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mt5:Sandbox:Accounts:0:Password"] = DemoPassword,
        ["Mt5:Sandbox:Accounts:0:Server"] = DemoServer,
        ["Mt5:Sandbox:Accounts:0:Company"] = "MetaQuotes Ltd.",
        ["Mt5:Sandbox:Accounts:0:Currency"] = "USD",
        ["Mt5:Sandbox:Accounts:0:TradeMode"] = "Demo",
        ["Mt5:Sandbox:Accounts:0:Symbols:0"] = "EURUSD",
        ["Mt5:Sandbox:Accounts:0:Symbols:1"] = "GBPUSD",
        ["Mt5:Sandbox:Accounts:0:Symbols:2"] = "USDJPY",
        ["Mt5:Sandbox:Accounts:0:Symbols:3"] = "XAUUSD.raw",

        ["Mt5:Sandbox:Accounts:1:Login"] = InvestorLogin.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mt5:Sandbox:Accounts:1:Password"] = InvestorPassword,
        ["Mt5:Sandbox:Accounts:1:Server"] = DemoServer,
        ["Mt5:Sandbox:Accounts:1:TradeMode"] = "Demo",
        ["Mt5:Sandbox:Accounts:1:TradeAllowed"] = "false",
        ["Mt5:Sandbox:Accounts:1:Symbols:0"] = "EURUSD",

        ["Mt5:Sandbox:Accounts:2:Password"] = LivePassword,
        ["Mt5:Sandbox:Accounts:2:Server"] = LiveServer,
        ["Mt5:Sandbox:Accounts:2:TradeMode"] = "Real",
        ["Mt5:Sandbox:Accounts:2:Symbols:0"] = "EURUSD.m",
        ["Mt5:Sandbox:Accounts:2:Symbols:1"] = "EURUSDm",
        ["Mt5:Sandbox:Accounts:2:Symbols:2"] = "GBPUSD.m",

        ["Mt5:Sandbox:Accounts:3:Password"] = CentPassword,
        ["Mt5:Sandbox:Accounts:3:Server"] = CentServer,
        ["Mt5:Sandbox:Accounts:3:Currency"] = "USC",
        ["Mt5:Sandbox:Accounts:3:TradeMode"] = "Demo",
        ["Mt5:Sandbox:Accounts:3:Symbols:0"] = "EURUSDc",

        ["Mt5:Sandbox:Accounts:4:Password"] = AnyLoginPassword,
        ["Mt5:Sandbox:Accounts:4:Server"] = AnyLoginServer,
        ["Mt5:Sandbox:Accounts:4:TradeMode"] = "Contest",
        ["Mt5:Sandbox:Accounts:4:Symbols:0"] = "EURUSD",
    };
}
