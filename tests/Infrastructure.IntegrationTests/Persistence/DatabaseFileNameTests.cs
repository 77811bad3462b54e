using AccountRegistry.Infrastructure.Persistence;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

public sealed class DatabaseFileNameTests
{
    [TestCase("Production", "account-registry.db")]
    [TestCase("production", "account-registry.db")]
    [TestCase("Development", "account-registry.development.db")]
    [TestCase("Staging", "account-registry.staging.db")]
    [TestCase("../../etc/x", "account-registry.------etc-x.db")]
    public void EachEnvironmentButProduction_HasAFileOfItsOwn(string environment, string fileName) =>
        Assert.That(DataDirectory.DatabaseFileName(environment), Is.EqualTo(fileName));
}
