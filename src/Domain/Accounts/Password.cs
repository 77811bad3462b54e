namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// An MT5 password in plain text, held only for as long as a registration needs it. It never
/// prints itself, so a command or an exception that carries it cannot leak it into a log line.
/// </summary>
public sealed class Password
{
    private readonly string _value;

    public Password(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public int Length => _value.Length;

    /// <summary>The plain text, for the two places that need it: the MT5 login and the encryption.</summary>
    public string Reveal() => _value;

    public override string ToString() => "********";
}
