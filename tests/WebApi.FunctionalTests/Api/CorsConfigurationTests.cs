using AccountRegistry.WebApi.FunctionalTests.Resilience;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>A CORS entry that is not an origin (or an origin with any port) stops start-up.</summary>
public sealed class CorsConfigurationTests : ServiceProcessTest
{
    [TestCase("*")]
    [TestCase("http://*.example.com")]
    [TestCase("http://localhost:*/app")]
    [TestCase("http://localhost:3000/")]
    [TestCase("ftp://localhost:*")]
    public async Task StartUp_IsRefused_ForAnEntryThatIsNotAnOrigin(string entry)
    {
        var (exitCode, output) = await ServiceProcess.RunAsync(DataDirectory, new Dictionary<string, string> { ["Cors__AllowedOrigins__0"] = entry });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("AccountRegistry cannot start: Cors:AllowedOrigins entries must be origins"));
        }
    }
}
