namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// An MT5 password after encryption: an opaque string that names the key it was sealed with.
/// Only the password protector in Infrastructure can read it.
/// </summary>
public sealed record EncryptedPassword
{
    public EncryptedPassword(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => "EncryptedPassword(********)";
}
