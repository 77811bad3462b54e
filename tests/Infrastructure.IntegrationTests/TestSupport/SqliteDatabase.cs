using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.IntegrationTests.TestSupport;

/// <summary>A SQLite database file for one test, and contexts over it.</summary>
internal static class SqliteDatabase
{
    public static string ConnectionString(string path) => $"Data Source={path}";

    public static SqliteAccountRegistryDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<SqliteAccountRegistryDbContext>().UseSqlite(connectionString).Options);

    /// <summary>Creates the file and applies the migrations, as the service does at start-up.</summary>
    public static async Task<string> CreateMigratedAsync(string path)
    {
        var connectionString = ConnectionString(path);
        await using var context = CreateContext(connectionString);
        await context.Database.MigrateAsync(CancellationToken.None);
        return connectionString;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only SQL written by the tests themselves.
        command.CommandText = sql;
#pragma warning restore CA2100
        var result = await command.ExecuteScalarAsync(CancellationToken.None);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
