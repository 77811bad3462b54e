using System.Globalization;

namespace AccountRegistry.Domain.Common;

/// <summary>Rules on free text shared by the domain guards and the request validators.</summary>
public static class TextRules
{
    /// <summary>
    /// True when the text holds a control character (C0/C1: newline, tab, NUL, DEL, U+0085), a
    /// format character (zero-width and bidirectional marks, U+FEFF) or a line or paragraph
    /// separator (U+2028, U+2029). They have no place in a name, a server or a password, and the
    /// separators read as line breaks to a terminal's start-up ini file.
    /// </summary>
    public static bool HasControlCharacters(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text is empty or only white space.</summary>
    public static bool IsBlank(string value) => string.IsNullOrWhiteSpace(value);
}
