using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Infrastructure.Persistence;

public static partial class DatabaseInitializer
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

                var logs = scope.ServiceProvider.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
                KeepPrivate(file, folder, logs.CreateLogger(typeof(DatabaseInitializer)));
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

    // A database an earlier version created (0644, in a 0755 folder) is made its owner's alone; its
    // WAL and shared-memory files take the database's mode when SQLite next creates them.
    private static void KeepPrivate(string file, string folder, ILogger logger)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            if (!DataDirectory.RestrictToOwner(path))
            {
                LogNotPrivate(logger, path);
            }
        }

        if (DataDirectory.OthersMayEnter(folder))
        {
            LogFolderOpen(logger, folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make {Path} readable by its owner only; other users of this machine may read it")]
    private static partial void LogNotPrivate(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database folder {Folder} may be entered by other users of this machine; make it its owner's only (chmod 700)")]
    private static partial void LogFolderOpen(ILogger logger, string folder);
}
