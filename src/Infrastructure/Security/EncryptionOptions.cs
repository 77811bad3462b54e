using System.ComponentModel.DataAnnotations;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// The <c>Encryption</c> section: <c>Encryption:Keys:&lt;id&gt;</c> holds base64 AES-256 keys
/// (32 bytes), <c>Encryption:ActiveKeyId</c> names the one new passwords are sealed with. Older
/// keys stay listed so that what they sealed still opens.
/// </summary>
public sealed class EncryptionOptions : IValidatableObject
{
    public const string SectionName = "Encryption";

    public const int KeySizeBytes = 32;

    public Dictionary<string, string> Keys { get; init; } = new(StringComparer.Ordinal);

    public string? ActiveKeyId { get; set; }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
        EncryptionOptionsValidator.Problems(this).Select(problem => new ValidationResult(problem));
}
