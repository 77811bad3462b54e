using AccountRegistry.Domain.Common;

namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// An MT5 account registered for automated trading, with the limits a strategy must respect on it.
/// </summary>
public sealed class Account
{
    // For EF Core's materialisation only.
    private Account()
    {
        Name = Broker = Server = Mt5Path = string.Empty;
        AllowedSymbols = [];
        EncryptedPassword = null!;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string Broker { get; private set; }

    /// <summary>The MT5 account number; unique across the registry.</summary>
    public long Login { get; private set; }

    public string Server { get; private set; }

    public bool IsLive { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>The symbols a strategy may trade, in the server's own spelling.</summary>
    public IReadOnlyList<string> AllowedSymbols { get; private set; }

    public decimal MaxLotSize { get; private set; }

    /// <summary>Risk per trade as a fraction of the balance (0.01 is 1%).</summary>
    public decimal RiskPct { get; private set; }

    public bool AutoTradeEnabled { get; private set; }

    public bool PaperTradeEnabled { get; private set; }

    /// <summary>The terminal this account runs on; empty means the service's global terminal.</summary>
    public string Mt5Path { get; private set; }

    public AccountType AccountType { get; private set; }

    public EncryptedPassword EncryptedPassword { get; private set; }

    /// <summary>When the account was registered, in UTC.</summary>
    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// Registers an account whose credentials MT5 has accepted. A new account is active, and trades
    /// for real (paper trading is off) under the given limits.
    /// </summary>
    public static Account Register(AccountDetails details, EncryptedPassword encryptedPassword, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(encryptedPassword);

        if (details.Login <= 0)
        {
            throw new DomainRuleViolationException("Login must be a positive MT5 account number.");
        }

        var symbols = details.AllowedSymbols
            .Select(symbol => Guard.Text(symbol, 1, AccountLimits.SymbolMaxLength, "A symbol"))
            .ToArray();
        if (symbols.Length > AccountLimits.MaxAllowedSymbols)
        {
            throw new DomainRuleViolationException($"At most {AccountLimits.MaxAllowedSymbols} symbols may be allowed.");
        }

        if (symbols.Distinct(StringComparer.OrdinalIgnoreCase).Count() != symbols.Length)
        {
            throw new DomainRuleViolationException("Allowed symbols must not repeat.");
        }

        return new Account
        {
            Name = Guard.Text(details.Name, 1, AccountLimits.NameMaxLength, "Name"),
            Broker = Guard.Text(details.Broker, 1, AccountLimits.BrokerMaxLength, "Broker"),
            Login = details.Login,
            Server = Guard.Text(details.Server, 1, AccountLimits.ServerMaxLength, "Server"),
            IsLive = details.IsLive,
            IsActive = true,
            AllowedSymbols = symbols,
            MaxLotSize = Decimals.Normalize(Guard.Range(details.MaxLotSize, 0m, AccountLimits.MaxLotSize, "Max lot size")),
            RiskPct = Decimals.Normalize(Guard.Range(details.RiskPct, 0m, AccountLimits.MaxRiskPct, "Risk per trade")),
            AutoTradeEnabled = details.AutoTradeEnabled,
            PaperTradeEnabled = false,
            Mt5Path = details.Mt5Path.Length == 0
                ? string.Empty
                : Guard.Text(details.Mt5Path, 1, AccountLimits.Mt5PathMaxLength, "The terminal path"),
            AccountType = details.AccountType,
            EncryptedPassword = encryptedPassword,
            CreatedAt = TruncateToMicroseconds(now.UtcDateTime),
        };
    }

    /// <summary>
    /// Carries an account over from the original system as it was there: active or not, paper
    /// trading or not, created when it was. The same rules hold as for a registration.
    /// </summary>
    public static Account Import(
        AccountDetails details, EncryptedPassword encryptedPassword, bool isActive, bool paperTradeEnabled, DateTimeOffset createdAt)
    {
        var account = Register(details, encryptedPassword, createdAt);
        account.IsActive = isActive;
        account.PaperTradeEnabled = paperTradeEnabled;
        return account;
    }

    /// <summary>
    /// Replaces the stored ciphertext with the same password sealed under another key (key
    /// rotation). The password itself does not change, so nothing else does.
    /// </summary>
    public void RotatePasswordEncryption(EncryptedPassword reencrypted)
    {
        ArgumentNullException.ThrowIfNull(reencrypted);
        EncryptedPassword = reencrypted;
    }

    // Both database providers keep microseconds; truncating here makes the stored and returned times equal.
    private static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % (TimeSpan.TicksPerMillisecond / 1000)), DateTimeKind.Utc);
}
