using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>Outside Development, a bad configuration stops start-up with a clear message.</summary>
public sealed class StartupConfigurationTests
{
    [TestCase(null, "No encryption key is configured")]
    [TestCase("bm90LWEtMzItYnl0ZS1rZXk=", "is not the base64 of exactly 32 bytes")]
    public void StartUp_Fails_WhenTheEncryptionKeyIsMissingOrMalformed(string? key, string message)
    {
        using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            [$"Encryption:Keys:{AccountRegistryFactory.EncryptionKeyId}"] = key,
        });

        var exception = Assert.Catch(() => factory.CreateClient());

        Assert.That(Flatten(exception), Does.Contain(message));
        if (key is not null)
        {
            Assert.That(Flatten(exception), Does.Not.Contain(key));
        }
    }

    [Test]
    public void StartUp_Fails_WhenTheGatewayIsLeftToItsDefaultOutsideDevelopment()
    {
        using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Mt5:Gateway"] = null });

        var exception = Assert.Catch(() => factory.CreateClient());

        Assert.That(Flatten(exception), Does.Contain("Mt5:TerminalPath is not set"));
    }

    [Test]
    public async Task StartUp_WarnsThatCredentialsAreNotVerified_WhenTheSandboxRunsOutsideDevelopment()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            factory.LogEvents.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)),
            Has.Some.Contain("NOT verified"));
    }

    // The validation message may sit inside an AggregateException from the host.
    private static string Flatten(Exception exception) => exception.ToString();
}
