using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

[TestFixture]
public sealed class DatabaseHealthCheckTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static async Task<HealthCheckResult> CheckAsync(string connectionString)
    {
        await using var context = SqliteDatabase.CreateContext(connectionString);
        return await new DatabaseHealthCheck(context).CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
    }

    [Test]
    public async Task CheckHealthAsync_ReportsHealthy_ForMigratedDatabase()
    {
        var connectionString = await SqliteDatabase.CreateMigratedAsync(_temp.Combine("account-registry.db"));

        var result = await CheckAsync(connectionString);

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
    }

    [Test]
    public async Task CheckHealthAsync_ReportsUnhealthy_WhenFolderDoesNotExist()
    {
        var missing = Path.Combine(_temp.Combine("nonexistent-dir"), "x.db");

        var result = await CheckAsync($"Data Source={missing};Mode=ReadWrite");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(result.Description, Is.EqualTo("The database does not answer."));
            Assert.That(Directory.Exists(_temp.Combine("nonexistent-dir")), Is.False);
        }
    }

    [Test]
    public async Task CheckHealthAsync_ReportsUnhealthy_ForRootLevelMissingFolder()
    {
        var result = await CheckAsync("Data Source=/nonexistent-dir/x.db;Mode=ReadWrite");

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }

    [Test]
    public async Task CheckHealthAsync_Throws_WhenCancelled()
    {
        var connectionString = await SqliteDatabase.CreateMigratedAsync(_temp.Combine("account-registry.db"));
        await using var context = SqliteDatabase.CreateContext(connectionString);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(
            () => new DatabaseHealthCheck(context).CheckHealthAsync(new HealthCheckContext(), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task CheckHealthAsync_ReportsUnhealthy_WhenFileIsNotADatabase()
    {
        var path = _temp.Combine("account-registry.db");
        await File.WriteAllTextAsync(path, new string('x', 4096), CancellationToken.None);

        var result = await CheckAsync(SqliteDatabase.ConnectionString(path));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }

    [Test]
    public async Task CheckHealthAsync_ReportsUnhealthy_WhenDatabaseNotMigrated()
    {
        var path = _temp.Combine("account-registry.db");
        await File.WriteAllBytesAsync(path, [], CancellationToken.None);

        var result = await CheckAsync($"{SqliteDatabase.ConnectionString(path)};Mode=ReadWrite");

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }
}
