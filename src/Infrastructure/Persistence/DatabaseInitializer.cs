using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Infrastructure.Persistence;

public static class DatabaseInitializer
{
    /// <summary>
    /// Brings the database up to the latest migration. For SQLite it first creates the file's
    /// folder (0700) and the file itself (0600; SQLite gives its WAL and shared-memory files the
    /// same mode), then switches the file to WAL, so that readers never wait for a writer and a
    /// crash mid-write loses nothing that was committed.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        var isSqlite = db.Database.IsSqlite();
        if (isSqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            // An empty data source or ":memory:" is a database with no file, and so no folder.
            if (!string.IsNullOrEmpty(file) && file != ":memory:"
                && Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
            {
                DataDirectory.CreatePrivate(folder);
                if (!File.Exists(file))
                {
                    DataDirectory.CreatePrivateFile(file);
                }
            }
        }

        // Only write when there is something to write: an up-to-date database may be read-only.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (isSqlite)
        {
            var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode.FirstOrDefault(), "wal", StringComparison.OrdinalIgnoreCase))
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
