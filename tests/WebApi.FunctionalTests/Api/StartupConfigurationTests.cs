using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// Outside Development, a bad configuration stops start-up with a clear message: the built
/// service is run as an operator runs it, and must exit with code 1, one line per problem.
/// </summary>
public sealed class StartupConfigurationTests : ServiceProcessTest
{
    private const string Refusal = "AccountRegistry cannot start: ";

    private async Task<string> RefusalAsync(Dictionary<string, string> settings)
    {
        var (exitCode, output) = await ServiceProcess.RunAsync(DataDirectory, settings);
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        return output;
    }

    [TestCase("", "No encryption key is configured")]
    [TestCase("bm90LWEtMzItYnl0ZS1rZXk=", "is not the base64 of exactly 32 bytes")]
    public async Task StartUp_IsRefused_WhenTheEncryptionKeyIsMissingOrMalformed(string key, string message)
    {
        var output = await RefusalAsync(new() { [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = key });

        Assert.That(output, Does.Contain(Refusal).And.Contain(message));
        if (key.Length > 0)
        {
            Assert.That(output, Does.Not.Contain(key));
        }
    }

    [Test]
    public async Task StartUp_IsRefused_WhenTheGatewayIsLeftToItsDefaultOutsideDevelopment()
    {
        var output = await RefusalAsync(new() { ["Mt5__Gateway"] = string.Empty });

        Assert.That(output, Does.Contain(Refusal).And.Contain("Mt5:TerminalPath is not set"));
    }

    [Test]
    public async Task StartUp_IsRefused_WhenAnApiKeyIsConfiguredInPlainText()
    {
        const string apiKey = "a-long-random-api-key-for-tests-0123456789";

        var output = await RefusalAsync(new() { ["Auth__ApiKeys__0"] = apiKey });

        Assert.That(output, Does.Contain(Refusal).And.Contain("SHA-256").And.Not.Contain(apiKey));
    }

    [Test]
    public async Task StartUp_IsRefused_WithoutApiKeys_UnlessAnonymousAccessIsAskedFor()
    {
        var output = await RefusalAsync(new() { ["Auth__AllowAnonymous"] = string.Empty });

        Assert.That(output.Trim(), Is.EqualTo(Refusal + "No API key is configured (Auth:ApiKeys): configure Auth:ApiKeys:0 with the " +
            "SHA-256 hex of a key, or set Auth:AllowAnonymous=true if anonymous access is intended."));
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

    [Test]
    public async Task EveryProblem_IsOneLine_AndExitCode1()
    {
        var output = await RefusalAsync(new()
        {
            ["Auth__AllowAnonymous"] = string.Empty,
            ["Lockout__MaxFailures"] = "100000000",
            ["Mt5__MaxVerificationsPerClient"] = "-1",
        });

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Some.EqualTo(Refusal + "Lockout:MaxFailures must be between 0 (lockout off) and 1000."));
            Assert.That(lines, Has.Some.EqualTo(Refusal + "Mt5:MaxVerificationsPerClient must be between 0 (no limit) and 1000."));
            Assert.That(lines, Has.Some.StartsWith(Refusal + "No API key is configured (Auth:ApiKeys)"));
            Assert.That(lines, Has.All.StartsWith(Refusal), output);
        }
    }

    [Test]
    public async Task EverySettingOutOfItsRange_IsItsOwnLine_NamingItsKey()
    {
        var settings = Enumerable.Range(0, 101).ToDictionary(i => $"Cors__AllowedOrigins__{i}", i => $"https://app{i}.example.com");
        settings["RateLimiting__ReadPerMinute"] = "-1";
        settings["Limits__MaxRequestBodyBytes"] = "0";
        settings["Mt5__QueueTimeoutSeconds"] = "0";

        var output = await RefusalAsync(settings);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.EquivalentTo(new[]
        {
            Refusal + "RateLimiting:ReadPerMinute must be between 0 (no limit) and 100000.",
            Refusal + "Limits:MaxRequestBodyBytes must be between 1 and 16 MiB.",
            Refusal + "Mt5:QueueTimeoutSeconds must be between 1 and 600.",
            Refusal + "Cors:AllowedOrigins has 101 entries; at most 100 are allowed.",
        }), output);
    }

    [Test]
    public async Task AValueOfTheWrongType_IsARefusalToo()
    {
        var output = await RefusalAsync(new() { ["Lockout__WindowMinutes"] = "fifteen" });

        Assert.That(output.Trim(), Does.StartWith(Refusal + "Failed to convert configuration value").And.Contain("Lockout:WindowMinutes"));
    }

    [Test]
    public async Task ABadDocsSetting_IsARefusal_NotACrash()
    {
        var output = await RefusalAsync(new() { ["Docs__Enabled"] = "abc" });

        Assert.That(output.Trim(), Does.StartWith(Refusal + "Failed to convert configuration value").And.Contain("Docs:Enabled"));
    }

    [Test]
    public async Task MoreApiKeysThanTheBound_IsARefusal()
    {
        var settings = Enumerable.Range(0, 101).ToDictionary(i => $"Auth__ApiKeys__{i}", i => new string('a', 63) + (i % 10));

        var output = await RefusalAsync(settings);

        Assert.That(output, Does.Contain(Refusal + "Auth:ApiKeys may hold at most 100 keys."));
    }

    [Test]
    public async Task ASecretsFolderThatIsMissing_IsARefusal()
    {
        var output = await RefusalAsync(new() { ["SECRETS_DIR"] = Path.Combine(DataDirectory, "missing") });

        Assert.That(output, Does.Contain(Refusal + "The secrets folder").And.Contain("does not exist"));
    }
}
