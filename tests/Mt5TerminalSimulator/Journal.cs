using System.Globalization;
using System.Text;

namespace Mt5TerminalSimulator;

/// <summary>
/// The terminal's journal: <c>{data folder}/logs/yyyymmdd.log</c> (local date), UTF-16LE with a BOM,
/// one CRLF-terminated line per message:
/// <c>{two-letter code}\t{importance digit}\t{hh:mm:ss.fff}\t{source}\t{message}</c>.
/// The file is appended to (several runs in a day share it) and opened, written and closed for
/// every line, so a reader polling it sees each line as soon as it is written.
/// </summary>
internal sealed class Journal
{
    private static readonly byte[] Bom = [0xFF, 0xFE];

    private readonly string logsDirectory;
    private readonly Lock sync = new();

    public Journal(string dataFolder)
    {
        this.logsDirectory = Path.Combine(dataFolder, "logs");
    }

    /// <summary>The path of today's journal file.</summary>
    public string CurrentPath => this.PathFor(DateTime.Now);

    /// <summary>An informational line (importance 0).</summary>
    public void Info(string source, string message) => this.Write(0, source, message);

    /// <summary>A warning line (importance 1).</summary>
    public void Warning(string source, string message) => this.Write(1, source, message);

    /// <summary>An error line (importance 2).</summary>
    public void Error(string source, string message) => this.Write(2, source, message);

    private void Write(int importance, string source, string message)
    {
        var now = DateTime.Now;

        // Real journals carry varying two-letter codes; readers must not depend on them.
        var code = string.Create(2, 0, static (span, _) =>
        {
            span[0] = (char)('A' + Random.Shared.Next(26));
            span[1] = (char)('A' + Random.Shared.Next(26));
        });
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{code}\t{importance}\t{now:HH:mm:ss.fff}\t{source}\t{message.ReplaceLineEndings(" ")}\r\n");
        var bytes = Encoding.Unicode.GetBytes(line);

        lock (this.sync)
        {
            try
            {
                Directory.CreateDirectory(this.logsDirectory);
                using var stream = new FileStream(
                    this.PathFor(now),
                    FileMode.OpenOrCreate,
                    FileAccess.Write,
                    FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(0, SeekOrigin.End);
                if (stream.Length == 0)
                {
                    stream.Write(Bom);
                }

                stream.Write(bytes);
                stream.Flush();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"mt5sim: cannot write the journal: {ex.Message}");
            }
        }
    }

    private string PathFor(DateTime time) =>
        Path.Combine(this.logsDirectory, time.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + ".log");
}
