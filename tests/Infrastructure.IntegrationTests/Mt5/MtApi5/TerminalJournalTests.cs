using System.Text;
using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

public sealed class TerminalJournalTests
{
    private string _dataFolder = null!;

    [SetUp]
    public void CreateDataFolder()
    {
        _dataFolder = Path.Combine(Path.GetTempPath(), $"journal-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_dataFolder, "logs"));
    }

    [TearDown]
    public void DeleteDataFolder() => Directory.Delete(_dataFolder, recursive: true);

    [Test]
    public void Parse_ReadsTheAuthorizedLine()
    {
        var entry = TerminalJournal.Parse(
            "KD\t0\t14:30:00.123\tNetwork\t'12345678': authorized on MetaQuotes-Demo through Access Point EU Amsterdam (ping: 30.58 ms, build 4755)");

        Assert.That(entry, Is.EqualTo(new AuthorizationEntry.Authorized(12345678, "MetaQuotes-Demo")));
    }

    [Test]
    public void Parse_ReadsTheFailedLine_WithItsReason()
    {
        var entry = TerminalJournal.Parse("GJ\t2\t14:30:00.456\tNetwork\t'12345678': authorization on XMGlobal-MT5 2 failed (Invalid account)");

        Assert.That(entry, Is.EqualTo(new AuthorizationEntry.Failed(12345678, "XMGlobal-MT5 2", "Invalid account")));
    }

    [TestCase("CS\t0\t14:30:00.000\tTerminal\tMetaTrader 5 x64 build 4755 started")]
    [TestCase("CS\t0\t14:30:00.000\tExperts\texpert MtApi5 (EURUSD,M1) loaded successfully")]
    [TestCase("")]
    public void Parse_IgnoresOtherLines(string line) => Assert.That(TerminalJournal.Parse(line), Is.Null);

    [Test]
    public void ReadNewEntries_ReadsOnlyWhatWasWrittenAfterItWasCreated_AcrossCalls()
    {
        var log = Path.Combine(_dataFolder, "logs", "20261124.log");
        Append(log, "\uFEFFGJ\t2\t10:00:00.000\tNetwork\t'1': authorization on Old failed (Invalid account)\r\n");
        var journal = new TerminalJournal(_dataFolder);

        Append(log, "KD\t0\t14:30:00.000\tNetwork\t'2': authorization on New failed (Invalid acc");
        var first = journal.ReadNewEntries();
        Append(log, "ount)\r\nKD\t0\t14:30:01.000\tNetwork\t'3': authorized on New through Access Point X\r\n");
        var second = journal.ReadNewEntries();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Empty, "a half-written line waits");
            Assert.That(second, Is.EqualTo(new AuthorizationEntry[]
            {
                new AuthorizationEntry.Failed(2, "New", "Invalid account"),
                new AuthorizationEntry.Authorized(3, "New"),
            }));
        }
    }

    [Test]
    public void ReadNewEntries_ReadsAJournalCreatedAfterwards_SkippingItsBom()
    {
        var journal = new TerminalJournal(_dataFolder);
        Append(Path.Combine(_dataFolder, "logs", "20261125.log"), "\uFEFFKD\t0\t00:00:01.000\tNetwork\t'7': authorized on S through A\r\n");

        Assert.That(journal.ReadNewEntries(), Is.EqualTo(new[] { new AuthorizationEntry.Authorized(7, "S") }));
    }

    private static void Append(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Encoding.Unicode.GetBytes(text);
        stream.Write(bytes);
    }
}
