using System.Text;
using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

public sealed class StartupFilesTests
{
    [Test]
    public void Ini_LogsInWithoutKeepingTheCredentials_AndStartsTheExpertWithItsPreset()
    {
        var ini = StartupFiles.Ini(12345678, "MyMT5Password", "MetaQuotes-Demo", "MtApi5", "account-registry-x.set");

        Assert.That(ini.Split("\r\n"), Is.SupersetOf(new[]
        {
            "[Common]", "Login=12345678", "Password=MyMT5Password", "Server=MetaQuotes-Demo", "KeepPrivate=0",
            "[Experts]", "Enabled=1", "AllowDllImport=1",
            "[StartUp]", "Expert=MtApi5", "Symbol=EURUSD", "Period=M1", "ExpertParameters=account-registry-x.set",
        }));
    }

    [Test]
    public void Ini_IsExactlyItsLines_JoinedWithCrLf()
    {
        var ini = StartupFiles.Ini(12345678, "MyMT5Password", "MetaQuotes-Demo", "MtApi5", "account-registry-x.set");

        Assert.That(ini, Is.EqualTo(
            "[Common]\r\nLogin=12345678\r\nPassword=MyMT5Password\r\nServer=MetaQuotes-Demo\r\nKeepPrivate=0\r\nNewsEnable=0\r\n" +
            "[Experts]\r\nEnabled=1\r\nAllowDllImport=1\r\nAllowLiveTrading=0\r\n" +
            "[StartUp]\r\nExpert=MtApi5\r\nSymbol=EURUSD\r\nPeriod=M1\r\nExpertParameters=account-registry-x.set\r\n"));
    }

    // Were any of these rewritten into CRLF, the password would add [Common] keys of its own.
    [TestCase("\u2028")]
    [TestCase("\u2029")]
    [TestCase("\u0085")]
    [TestCase("\u000C")]
    [TestCase("\u000B")]
    [TestCase("\n")]
    [TestCase("\r")]
    public void Ini_Refuses_AValueWithALineBreak_WithoutQuotingIt(string lineBreak)
    {
        var password = $"Pass-3{lineBreak}KeepPrivate=1{lineBreak}ProxyEnable=1";

        var refused = Assert.Throws<ArgumentException>(() => StartupFiles.Ini(12345678, password, "MetaQuotes-Demo", "MtApi5", "x.set"));

        Assert.That(refused!.Message, Does.Not.Contain("KeepPrivate"));
        Assert.Throws<ArgumentException>(() => StartupFiles.Ini(12345678, "secret", $"Server{lineBreak}ProxyEnable=1", "MtApi5", "x.set"));
    }

    [Test]
    public void Preset_SetsThePort() => Assert.That(StartupFiles.Preset(8230), Is.EqualTo("Port=8230\r\n"));

    [TestCase("pass;word")]
    [TestCase("[Common]")]
    [TestCase("line\nbreak")]
    [TestCase("carriage\rreturn")]
    [TestCase("Pass-3\u2028KeepPrivate=1\u2028ProxyEnable=1")]
    [TestCase("Pass-3\u2029ProxyAddress=evil")]
    [TestCase("Pass-3\u0085ProxyEnable=1")]
    [TestCase("Pass-3\u000CProxyEnable=1")]
    [TestCase("Pass-3\u000BProxyEnable=1")]
    [TestCase("Pass-3\u200BHidden")]
    [TestCase(" leading")]
    [TestCase("trailing ")]
    public void Unfit_RefusesWhatWouldBreakTheIni_WithoutQuotingIt(string value)
    {
        var why = StartupFiles.Unfit(value, "The password");

        Assert.That(why, Does.StartWith("The password"));
        Assert.That(why, Does.Not.Contain(value));
    }

    [TestCase("MyMT5Password")]
    [TestCase("p@ss w0rd!#$%^&*()")]
    [TestCase("XMGlobal-MT5 2")]
    [TestCase("mt5.broker.com:443")]
    public void Unfit_AcceptsOrdinaryValues(string value) => Assert.That(StartupFiles.Unfit(value, "The server"), Is.Null);

    [Test]
    public void WritePrivate_WritesUtf16WithABom_ReadableByTheOwnerOnly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"startup-files-{Guid.NewGuid():N}.ini");
        try
        {
            StartupFiles.WritePrivate(path, "Login=1\r\n");

            var bytes = File.ReadAllBytes(path);
            Assert.That(bytes[..2], Is.EqualTo(new byte[] { 0xFF, 0xFE }));
            Assert.That(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), Is.EqualTo("Login=1\r\n"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            Assert.Throws<IOException>(() => StartupFiles.WritePrivate(path, "again"), "an existing file is never overwritten");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
