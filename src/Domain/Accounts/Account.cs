using AccountRegistry.Domain.Common;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// An MT5 account registered for automated trading, with the limits a strategy must respect on it,
/// what MT5 reported at its last verification, and the audit events of its changes not yet stored.
/// </summary>
public sealed class Account
{
    /// <summary>The longest reason kept from a rejected verification.</summary>
    public const int VerificationDetailMaxLength = 500;

    private readonly List<AccountEvent> _pendingEvents = [];

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
    /// Counts the changes to what a client reads and writes (the details and the password), from 1:
    /// the ETag, and the database's concurrency token, so that of two writers the later is refused.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>What the last check of the stored credentials against MT5 found.</summary>
    public VerificationStatus VerificationStatus { get; private set; }

    /// <summary>When the credentials were last checked against MT5 (accepted or not), in UTC.</summary>
    public DateTime? CheckedAt { get; private set; }

    /// <summary>When MT5 last accepted the credentials, in UTC.</summary>
    public DateTime? VerifiedAt { get; private set; }

    /// <summary>Why MT5 refused the credentials at the last check; null after a successful one.</summary>
    public string? VerificationDetail { get; private set; }

    /// <summary>What MT5 reported at the last successful verification; null if there was none.</summary>
    public Mt5Facts? Mt5 { get; private set; }

    /// <summary>The audit events of this account's changes, stored with them and then cleared.</summary>
    public IReadOnlyList<AccountEvent> PendingEvents => _pendingEvents;

    /// <summary>The account's details as a register request would give them.</summary>
    public AccountDetails Details =>
        new(Name, Broker, Login, Server, IsLive, AllowedSymbols, MaxLotSize, RiskPct, AutoTradeEnabled, Mt5Path, AccountType);

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

        return new Account
        {
            Name = ValidName(details.Name),
            Broker = ValidBroker(details.Broker),
            Login = details.Login,
            Server = Guard.Text(details.Server, 1, AccountLimits.ServerMaxLength, "Server"),
            IsLive = details.IsLive,
            IsActive = true,
            AllowedSymbols = ValidSymbols(details.AllowedSymbols),
            MaxLotSize = ValidMaxLotSize(details.MaxLotSize),
            RiskPct = ValidRiskPct(details.RiskPct),
            AutoTradeEnabled = details.AutoTradeEnabled,
            PaperTradeEnabled = false,
            Mt5Path = ValidMt5Path(details.Mt5Path),
            AccountType = details.AccountType,
            EncryptedPassword = encryptedPassword,
            CreatedAt = TruncateToMicroseconds(now.UtcDateTime),
            Version = 1,
            VerificationStatus = VerificationStatus.Unverified,
        };
    }

    /// <summary>
    /// Registers an account whose credentials MT5 has just accepted, keeping what MT5 reported, and
    /// records the registration in the audit trail.
    /// </summary>
    public static Account Register(
        AccountDetails details, EncryptedPassword encryptedPassword, Mt5AccountSnapshot reported, AuditActor actor, DateTimeOffset now)
    {
        var account = Register(details, encryptedPassword, now);
        account.KeepVerifiedFacts(reported, now);
        account.Raise(AccountEventType.Registered, [], actor, now);
        return account;
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
    /// Applies a change to the details (fields left null stay as they are) and records it in the audit
    /// trail. Returns the fields whose value changed; when none did, nothing is recorded and the
    /// version stays. Whether the change agrees with MT5 is the caller's check, against <see cref="Mt5"/>.
    /// </summary>
    public IReadOnlyList<string> Change(AccountChanges changes, AuditActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // Every value is checked before any is applied: a change is taken whole or not at all.
        var name = changes.Name is null ? Name : ValidName(changes.Name);
        var broker = changes.Broker is null ? Broker : ValidBroker(changes.Broker);
        var symbols = changes.AllowedSymbols is null ? AllowedSymbols : ValidSymbols(changes.AllowedSymbols);
        var maxLotSize = changes.MaxLotSize is { } lots ? ValidMaxLotSize(lots) : MaxLotSize;
        var riskPct = changes.RiskPct is { } risk ? ValidRiskPct(risk) : RiskPct;
        var mt5Path = changes.Mt5Path is null ? Mt5Path : ValidMt5Path(changes.Mt5Path);

        var changed = new List<FieldChange>();
        Name = Set(AccountFields.Name, Name, name);
        Broker = Set(AccountFields.Broker, Broker, broker);
        AllowedSymbols = AllowedSymbols.SequenceEqual(symbols, StringComparer.Ordinal)
            ? AllowedSymbols
            : Record(AccountFields.AllowedSymbols, AllowedSymbols, symbols);
        MaxLotSize = Set(AccountFields.MaxLotSize, MaxLotSize, maxLotSize);
        RiskPct = Set(AccountFields.RiskPct, RiskPct, riskPct);
        AutoTradeEnabled = Set(AccountFields.AutoTradeEnabled, AutoTradeEnabled, changes.AutoTradeEnabled ?? AutoTradeEnabled);
        PaperTradeEnabled = Set(AccountFields.PaperTradeEnabled, PaperTradeEnabled, changes.PaperTradeEnabled ?? PaperTradeEnabled);
        IsActive = Set(AccountFields.IsActive, IsActive, changes.IsActive ?? IsActive);
        Mt5Path = Set(AccountFields.Mt5Path, Mt5Path, mt5Path);
        IsLive = Set(AccountFields.IsLive, IsLive, changes.IsLive ?? IsLive);
        AccountType = Set(AccountFields.AccountType, AccountType, changes.AccountType ?? AccountType);

        if (changed.Count > 0)
        {
            Version++;
            Raise(AccountEventType.Updated, changed, actor, now);
        }

        return [.. changed.Select(change => change.Field)];

        T Set<T>(string field, T old, T value) =>
            EqualityComparer<T>.Default.Equals(old, value) ? old : Record(field, old, value);

        T Record<T>(string field, T old, T value)
        {
            changed.Add(new FieldChange(field, AuditJson.Of(old), AuditJson.Of(value)));
            return value;
        }
    }

    /// <summary>Replaces the password with a new one MT5 has just accepted, and records it (never the password itself).</summary>
    public void ChangePassword(EncryptedPassword encryptedPassword, Mt5AccountSnapshot reported, AuditActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(encryptedPassword);
        EncryptedPassword = encryptedPassword;
        Version++;
        KeepVerifiedFacts(reported, now);
        Raise(AccountEventType.PasswordChanged, [], actor, now);
    }

    /// <summary>Keeps the outcome of a check of the stored credentials: MT5 accepted them, and reported this.</summary>
    public void RecordVerified(Mt5AccountSnapshot reported, AuditActor actor, DateTimeOffset now)
    {
        KeepVerifiedFacts(reported, now);
        Raise(AccountEventType.Verified, [], actor, now);
    }

    /// <summary>
    /// Keeps the outcome of a check of the stored credentials: MT5 refused them. What MT5 reported at
    /// the last successful check stays, as the last known facts.
    /// </summary>
    public void RecordRejected(string reason, AuditActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reason);
        VerificationStatus = VerificationStatus.Rejected;
        CheckedAt = TruncateToMicroseconds(now.UtcDateTime);
        VerificationDetail = reason.Length <= VerificationDetailMaxLength ? reason : reason[..VerificationDetailMaxLength];
        Raise(AccountEventType.VerificationRejected, [], actor, now);
    }

    /// <summary>Records that the account is being removed, for the audit trail that outlives it.</summary>
    public void RecordDeletion(AuditActor actor, DateTimeOffset now) => Raise(AccountEventType.Deleted, [], actor, now);

    /// <summary>Forgets the pending events once they are stored.</summary>
    public void ClearPendingEvents() => _pendingEvents.Clear();

    /// <summary>
    /// Replaces the stored ciphertext with the same password sealed under another key (key
    /// rotation). The password itself does not change, so nothing else does.
    /// </summary>
    public void RotatePasswordEncryption(EncryptedPassword reencrypted)
    {
        ArgumentNullException.ThrowIfNull(reencrypted);
        EncryptedPassword = reencrypted;
    }

    private void KeepVerifiedFacts(Mt5AccountSnapshot reported, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (reported.Login != Login)
        {
            throw new DomainRuleViolationException("MT5 reported another account than this one.");
        }

        VerificationStatus = VerificationStatus.Verified;
        CheckedAt = VerifiedAt = TruncateToMicroseconds(now.UtcDateTime);
        VerificationDetail = null;
        Mt5 = new Mt5Facts(reported);
    }

    private void Raise(AccountEventType type, IReadOnlyList<FieldChange> changes, AuditActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        _pendingEvents.Add(new AccountEvent(this, type, changes, actor, TruncateToMicroseconds(now.UtcDateTime)));
    }

    private static string ValidName(string name) => Guard.Text(name, 1, AccountLimits.NameMaxLength, "Name");

    private static string ValidBroker(string broker) => Guard.Text(broker, 1, AccountLimits.BrokerMaxLength, "Broker");

    private static decimal ValidMaxLotSize(decimal lots) =>
        Decimals.Normalize(Guard.Range(lots, 0m, AccountLimits.MaxLotSize, "Max lot size"));

    private static decimal ValidRiskPct(decimal risk) =>
        Decimals.Normalize(Guard.Range(risk, 0m, AccountLimits.MaxRiskPct, "Risk per trade"));

    private static string ValidMt5Path(string path) =>
        path.Length == 0 ? string.Empty : Guard.Text(path, 1, AccountLimits.Mt5PathMaxLength, "The terminal path");

    private static string[] ValidSymbols(IReadOnlyList<string> allowedSymbols)
    {
        ArgumentNullException.ThrowIfNull(allowedSymbols);
        if (allowedSymbols.Count > AccountLimits.MaxAllowedSymbols)
        {
            throw new DomainRuleViolationException($"At most {AccountLimits.MaxAllowedSymbols} symbols may be allowed.");
        }

        var symbols = allowedSymbols
            .Select(symbol => Guard.Text(symbol, 1, AccountLimits.SymbolMaxLength, "A symbol"))
            .ToArray();
        if (symbols.Distinct(StringComparer.OrdinalIgnoreCase).Count() != symbols.Length)
        {
            throw new DomainRuleViolationException("Allowed symbols must not repeat.");
        }

        return symbols;
    }

    // Both database providers keep microseconds; truncating here makes the stored and returned times equal.
    private static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % (TimeSpan.TicksPerMillisecond / 1000)), DateTimeKind.Utc);
}
