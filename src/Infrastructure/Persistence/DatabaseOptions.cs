namespace AccountRegistry.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The name of the connection string (<c>ConnectionStrings:AccountRegistry</c>).</summary>
    public const string ConnectionStringName = "AccountRegistry";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the embedded database (and, in Development, the generated encryption key) lives;
    /// relative paths are under the content root. Created when missing.
    /// </summary>
    public string DataDirectory { get; set; } = "data";
}
