using System.Text;

namespace Mt5TerminalSimulator;

/// <summary>Reads the small text files a terminal is given (start.ini, presets).</summary>
internal static class TextFiles
{
    /// <summary>
    /// Reads a file as text. A UTF-16LE, UTF-16BE or UTF-8 byte-order mark selects the encoding;
    /// without one, UTF-16LE is assumed when the second byte is NUL (MetaEditor writes presets that
    /// way), otherwise UTF-8.
    /// </summary>
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] != 0 && bytes[1] == 0)
        {
            return Encoding.Unicode.GetString(bytes);
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
