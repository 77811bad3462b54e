namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Tests that share one service (and one SQLite file) for the whole class; every test starts with
/// no accounts and no captured logs.
/// </summary>
public abstract class SharedServiceTest
{
    protected AccountRegistryFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Settings of this class's service, beyond the factory's own.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public void StartService()
    {
        Factory = new AccountRegistryFactory(Settings);
        Client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    [SetUp]
    public Task CleanState() => Factory.ResetDatabaseAsync();
}
