namespace AccountRegistry.Domain.Common;

/// <summary>Rules on free text shared by the domain guards and the request validators.</summary>
public static class TextRules
{
    /// <summary>
    /// True when the text holds a C0/C1 control character (newline, tab, NUL, DEL...). They have no
    /// place in a name, a server or a password, and would break the terminal's start-up ini file.
    /// </summary>
    public static bool HasControlCharacters(string value) => value.AsSpan().ContainsAnyInRange('\u0000', '\u001F')
        || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F');

    /// <summary>True when the text is empty or only white space.</summary>
    public static bool IsBlank(string value) => string.IsNullOrWhiteSpace(value);
}
