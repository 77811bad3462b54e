using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>The original Python system's <c>accounts</c> table (README, "import-legacy").</summary>
public interface ILegacyAccountSource
{
    /// <summary>
    /// The table's rows ordered by id, one at a time. Throws
    /// <see cref="Maintenance.ImportLegacyAccounts.LegacyImportException"/> when the source cannot be
    /// opened or read; its message never holds the connection string.
    /// </summary>
    IAsyncEnumerable<LegacyAccountRow> ReadAsync(string source, CancellationToken cancellationToken);
}

/// <summary>
/// One legacy row as read: a null field is SQL NULL (or a column the row could not give as its
/// type, named in <see cref="Problems"/>).
/// </summary>
public sealed record LegacyAccountRow
{
    public long? RowId { get; init; }

    public long? Login { get; init; }

    public string? Name { get; init; }

    public string? Broker { get; init; }

    public string? PasswordEncrypted { get; init; }

    public string? Server { get; init; }

    public bool? IsLive { get; init; }

    public bool? IsActive { get; init; }

    /// <summary>The column's JSON text, e.g. <c>["EURUSD", "GBPUSD"]</c>.</summary>
    public string? AllowedSymbols { get; init; }

    public decimal? MaxLotSize { get; init; }

    public decimal? RiskPct { get; init; }

    public bool? AutoTradeEnabled { get; init; }

    public bool? PaperTradeEnabled { get; init; }

    public string? Mt5Path { get; init; }

    public string? AccountType { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Columns whose value is not of the column's type ("is_live is not a boolean").</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public override string ToString() => $"LegacyAccountRow {{ RowId = {RowId}, Login = {Login} }}";
}

/// <summary>Opens the original system's Fernet tokens with the configured keys (<c>Legacy:FernetKeys:N</c>).</summary>
public interface ILegacyPasswordDecryptor
{
    /// <summary>What is wrong with the configured keys (none, one that is not a Fernet key), by setting name, never the value; empty when they are usable.</summary>
    IReadOnlyList<string> KeyProblems { get; }

    /// <summary>The password in the token, or null when it is malformed or no configured key opens it.</summary>
    Password? Decrypt(string token);
}

/// <summary>Where imported accounts are stored.</summary>
public interface IAccountImportStore
{
    /// <summary>Which of <paramref name="logins"/> are registered already.</summary>
    Task<IReadOnlySet<long>> RegisteredLoginsAsync(IReadOnlyCollection<long> logins, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the accounts, each whole or not at all; gives the logins of those not stored because
    /// the login was registered meanwhile.
    /// </summary>
    Task<IReadOnlySet<long>> AddAsync(IReadOnlyList<Account> accounts, CancellationToken cancellationToken);
}
