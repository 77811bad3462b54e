using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>Tests that run the built service as a process: each test gets a data directory of its own.</summary>
public abstract class ServiceProcessTest
{
    protected string DataDirectory { get; private set; } = null!;

    [SetUp]
    public void CreateDataDirectory() => DataDirectory = Directory.CreateTempSubdirectory("account-registry-process-").FullName;

    [TearDown]
    public void DeleteDataDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
