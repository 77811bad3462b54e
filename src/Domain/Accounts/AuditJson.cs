using System.Text.Json;

namespace AccountRegistry.Domain.Accounts;

/// <summary>A field's value as the audit trail keeps it: JSON text, as the API writes the field.</summary>
internal static class AuditJson
{
    public static string Of<T>(T value) => value switch
    {
        AccountType type => JsonSerializer.Serialize(type.ToString()),
        decimal number => JsonSerializer.Serialize(Common.Decimals.Normalize(number)),
        _ => JsonSerializer.Serialize(value),
    };
}
