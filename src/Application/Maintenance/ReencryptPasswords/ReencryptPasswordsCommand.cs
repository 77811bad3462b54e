using Mediator;

namespace AccountRegistry.Application.Maintenance.ReencryptPasswords;

/// <summary>
/// <c>reencrypt-passwords</c>: re-seals every stored password that is not yet in the current format
/// under <c>Encryption:ActiveKeyId</c>, <paramref name="BatchSize"/> rows at a time.
/// </summary>
public sealed record ReencryptPasswordsCommand(int BatchSize = ReencryptPasswordsCommand.DefaultBatchSize) : IRequest<ReencryptionResult>
{
    public const int DefaultBatchSize = 200;
}

/// <summary>What a run of <c>reencrypt-passwords</c> did.</summary>
/// <param name="Reencrypted">Passwords re-sealed in the current format under the active key.</param>
/// <param name="Failed">Rows whose password did not open; they were left as they were.</param>
public sealed record ReencryptionResult(int Reencrypted, IReadOnlyList<UnopenablePassword> Failed);

/// <summary>A stored password that did not open: the account's id and login, and why (never the password).</summary>
public sealed record UnopenablePassword(long AccountId, long Login, string Reason);
