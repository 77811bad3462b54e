using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Maintenance.ImportLegacyAccounts;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.Infrastructure.Legacy;

/// <summary>
/// Reads the original system's <c>accounts</c> table (SQLAlchemy's, on SQLite or SQL Server) a row at
/// a time, read only. The source is a SQLite file when such a file exists, else a SQL Server
/// connection string. Values are taken as SQLAlchemy writes them: booleans as 0/1 (SQLite) or bit,
/// floats as REAL/float, <c>allowed_symbols</c> as JSON text, <c>created_at</c> as a naive UTC time.
/// </summary>
internal sealed class LegacyAccountSource : ILegacyAccountSource
{
    private const string Query =
        "SELECT id, name, broker, login, password_encrypted, server, is_live, is_active, allowed_symbols, max_lot_size, "
        + "risk_pct, auto_trade_enabled, paper_trade_enabled, mt5_path, account_type, created_at FROM accounts ORDER BY id";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async IAsyncEnumerable<LegacyAccountRow> ReadAsync(string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = Connect(source);
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        var reader = await GuardAsync(
            async () =>
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            },
            "could not be opened, or its accounts table lacks a column the import reads").ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await GuardAsync(() => reader.ReadAsync(cancellationToken), "could not be read").ConfigureAwait(false))
            {
                yield return ReadRow(reader);
            }
        }
    }

    private static DbConnection Connect(string source)
    {
        if (File.Exists(source))
        {
            // Read only: the import never writes to the original database, and a missing file is not created.
            return new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = source,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
        }

        try
        {
            var builder = new SqlConnectionStringBuilder(source) { ApplicationIntent = ApplicationIntent.ReadOnly };
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new ArgumentException("No server.", nameof(source));
            }

            return new SqlConnection(builder.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            // Not quoted back: a connection string may hold a password.
            throw new LegacyImportException("--source names no file, and is not a SQL Server connection string.", exception);
        }
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> read, string failure)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            // The providers' messages name the fault (a missing column, a refused login), not the connection string.
            throw new LegacyImportException($"The legacy database {failure}: {exception.Message}", exception);
        }
    }

    private static LegacyAccountRow ReadRow(DbDataReader reader)
    {
        var problems = new List<string>();
        return new LegacyAccountRow
        {
            RowId = Integer(reader, 0, "id", problems),
            Name = Text(reader, 1, "name", problems),
            Broker = Text(reader, 2, "broker", problems),
            Login = Integer(reader, 3, "login", problems),
            PasswordEncrypted = Text(reader, 4, "password_encrypted", problems),
            Server = Text(reader, 5, "server", problems),
            IsLive = Boolean(reader, 6, "is_live", problems),
            IsActive = Boolean(reader, 7, "is_active", problems),
            AllowedSymbols = Text(reader, 8, "allowed_symbols", problems),
            MaxLotSize = Number(reader, 9, "max_lot_size", problems),
            RiskPct = Number(reader, 10, "risk_pct", problems),
            AutoTradeEnabled = Boolean(reader, 11, "auto_trade_enabled", problems),
            PaperTradeEnabled = Boolean(reader, 12, "paper_trade_enabled", problems),
            Mt5Path = Text(reader, 13, "mt5_path", problems),
            AccountType = Text(reader, 14, "account_type", problems),
            CreatedAt = Time(reader, 15, "created_at", problems),
            Problems = problems,
        };
    }

    private static string? Text(DbDataReader reader, int ordinal, string column, List<string> problems)
    {
        switch (reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal))
        {
            case null:
                return null;
            case string text:
                return text;
            case byte[] bytes:
                try
                {
                    // SQLAlchemy's LargeBinary, or Fernet's bytes stored as they came.
                    return StrictUtf8.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    problems.Add($"{column} is not UTF-8 text");
                    return null;
                }

            default:
                problems.Add($"{column} is not text");
                return null;
        }
    }

    private static long? Integer(DbDataReader reader, int ordinal, string column, List<string> problems)
    {
        switch (reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal))
        {
            case null:
                return null;
            case long value:
                return value;
            case int value:
                return value;
            case short value:
                return value;
            case byte value:
                return value;
            case decimal value when decimal.IsInteger(value) && value is >= long.MinValue and <= long.MaxValue:
                return (long)value;
            default:
                problems.Add($"{column} is not an integer");
                return null;
        }
    }

    private static bool? Boolean(DbDataReader reader, int ordinal, string column, List<string> problems)
    {
        switch (reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal))
        {
            case null:
                return null;
            case bool value:
                return value;
            case long value and (0 or 1):
                return value == 1;
            case int value and (0 or 1):
                return value == 1;
            case byte value and (0 or 1):
                return value == 1;
            default:
                problems.Add($"{column} is not a boolean (0 or 1)");
                return null;
        }
    }

    private static decimal? Number(DbDataReader reader, int ordinal, string column, List<string> problems)
    {
        switch (reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal))
        {
            case null:
                return null;
            case decimal value:
                return value;
            // A Python float such as 0.1 is the double nearest 0.1; its shortest round-trip text is "0.1".
            case double value when double.IsFinite(value) && Math.Abs(value) < 1e15:
                return decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            case float value when float.IsFinite(value) && Math.Abs(value) < 1e15:
                return decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            case long value:
                return value;
            case int value:
                return value;
            default:
                problems.Add($"{column} is not a number");
                return null;
        }
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal, string column, List<string> problems)
    {
        switch (reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal))
        {
            case null:
                return null;
            case DateTimeOffset value:
                return value;
            // SQLAlchemy's DateTime is naive; the original system wrote UTC.
            case DateTime value:
                return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
            case string text when DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed):
                return parsed;
            default:
                problems.Add($"{column} is not a date and time");
                return null;
        }
    }
}
