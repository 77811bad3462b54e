namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// The bounds of an account's fields, from the register endpoint's spec. The request validator,
/// the entity's guards and the database columns all read them from here.
/// </summary>
public static class AccountLimits
{
    public const int NameMaxLength = 100;
    public const int BrokerMaxLength = 100;
    public const int ServerMaxLength = 200;
    public const int PasswordMaxLength = 128;
    public const int SymbolMaxLength = 32;
    public const int Mt5PathMaxLength = 500;

    /// <summary>More symbols than any broker lists for one strategy; bounds the stored JSON.</summary>
    public const int MaxAllowedSymbols = 200;

    /// <summary>Lot sizes and risk fractions keep at most this many decimal places (the column's scale).</summary>
    public const int MaxDecimalPlaces = 8;

    public const decimal MaxLotSize = 100m;
    public const decimal MaxRiskPct = 1m;

    public const decimal DefaultMaxLotSize = 0.1m;
    public const decimal DefaultRiskPct = 0.01m;
}
