namespace Mt5TerminalSimulator;

/// <summary>
/// A parsed start-up configuration (<c>start.ini</c>): <c>[Section]</c> headers and <c>key=value</c>
/// lines; section and key names are case-insensitive, values are trimmed. Lines starting with
/// <c>;</c> or <c>#</c> are comments. A key repeated in a section keeps its last value.
/// </summary>
internal sealed class IniFile
{
    private readonly Dictionary<string, Dictionary<string, string>> sections =
        new(StringComparer.OrdinalIgnoreCase);

    private IniFile()
    {
    }

    public static IniFile Parse(string text)
    {
        var ini = new IniFile();
        var current = ini.GetOrAddSection(string.Empty);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == ';' || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                current = ini.GetOrAddSection(line[1..^1].Trim());
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return ini;
    }

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/>, or null.</summary>
    public string? Get(string section, string key) =>
        this.sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value)
            ? value
            : null;

    private Dictionary<string, string> GetOrAddSection(string name)
    {
        if (!this.sections.TryGetValue(name, out var values))
        {
            values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            this.sections[name] = values;
        }

        return values;
    }
}
