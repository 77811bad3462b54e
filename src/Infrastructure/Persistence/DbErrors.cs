using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal static class DbErrors
{
    /// <summary>True when an insert broke a unique index or primary key, on either provider.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 /* SQLITE_CONSTRAINT_UNIQUE */
            or 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
