namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// The currency an account's lots are counted in. A cent (USC) account's lot is worth 100 times
/// less than a USD account's, so the two must never be mixed up.
/// </summary>
public enum AccountType
{
    USD,
    USC,
}
