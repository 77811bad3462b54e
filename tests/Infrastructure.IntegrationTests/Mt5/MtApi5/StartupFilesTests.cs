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
    public void Preset_SetsThePort() => Assert.That(StartupFiles.Preset(8230), Is.EqualTo("Port=8230\r\n"));

    [TestCase("pass;word")]
    [TestCase("[Common]")]
    [TestCase("line\nbreak")]
    [TestCase("carriage\rreturn")]
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
