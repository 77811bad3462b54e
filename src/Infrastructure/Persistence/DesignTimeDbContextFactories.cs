using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AccountRegistry.Infrastructure.Persistence;

// Used by `dotnet ef migrations add` only; the running service configures its contexts in DependencyInjection.

internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteAccountRegistryDbContext>
{
    public SqliteAccountRegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAccountRegistryDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqlServerAccountRegistryDbContext>
{
    public SqlServerAccountRegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAccountRegistryDbContext>().UseSqlServer("Server=design-time;Database=AccountRegistry").Options);
}
