using Mediator;

namespace AccountRegistry.Application.Maintenance.ImportLegacyAccounts;

/// <summary>
/// <c>import-legacy</c>: imports the original Python system's <c>accounts</c> table from
/// <paramref name="Source"/> (a SQLite file or a SQL Server connection string). With
/// <paramref name="DryRun"/>, every row is read, decrypted and checked, and nothing is stored.
/// </summary>
public sealed record ImportLegacyAccountsCommand(string Source, bool DryRun) : IRequest<LegacyImportResult>
{
    /// <summary>Rows read, checked and stored together (one transaction).</summary>
    public const int BatchSize = 100;

    /// <summary>Rows named in the report; past it they are only counted.</summary>
    public const int MaxReportedRows = 100;

    /// <summary>Never shows the source: a connection string may hold a password.</summary>
    public override string ToString() => $"ImportLegacyAccountsCommand {{ DryRun = {DryRun} }}";
}

/// <summary>What a run of <c>import-legacy</c> did (or, in a dry run, would do).</summary>
/// <param name="DryRun">Whether nothing was stored.</param>
/// <param name="Imported">Accounts stored (or that would be).</param>
/// <param name="AlreadyRegistered">Rows skipped because their login is registered already (or came on an earlier row).</param>
/// <param name="NotOpened">Rows whose password no configured Fernet key opens.</param>
/// <param name="Invalid">Rows that break the register rules, or hold a value of the wrong type.</param>
/// <param name="Reports">The first <see cref="ImportLegacyAccountsCommand.MaxReportedRows"/> rows that were not imported, in row order.</param>
public sealed record LegacyImportResult(
    bool DryRun, int Imported, int AlreadyRegistered, int NotOpened, int Invalid, IReadOnlyList<LegacyRowReport> Reports)
{
    /// <summary>Whether every row was imported or was there already.</summary>
    public bool Complete => NotOpened == 0 && Invalid == 0;

    /// <summary>Rows not imported that <see cref="Reports"/> does not name.</summary>
    public int Unreported => AlreadyRegistered + NotOpened + Invalid - Reports.Count;
}

/// <summary>A row that was not imported: its id in the legacy table, its login when readable, and why (never its password).</summary>
public sealed record LegacyRowReport(long? RowId, long? Login, LegacyRowOutcome Outcome, string Detail);

public enum LegacyRowOutcome
{
    AlreadyRegistered,
    PasswordNotOpened,
    Invalid,
}

/// <summary>The import cannot run at all (no Fernet key, a source that does not open); the message is safe to print.</summary>
public sealed class LegacyImportException : Exception
{
    public LegacyImportException()
    {
    }

    public LegacyImportException(string message)
        : base(message)
    {
    }

    public LegacyImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
