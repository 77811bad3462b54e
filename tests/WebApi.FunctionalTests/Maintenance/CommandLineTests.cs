using AccountRegistry.WebApi.FunctionalTests.Resilience;

namespace AccountRegistry.WebApi.FunctionalTests.Maintenance;

/// <summary>The service's command line (System.CommandLine), run as the built service.</summary>
public sealed class CommandLineTests : ServiceProcessTest
{
    private string DatabaseFile => Path.Combine(DataDirectory, "account-registry.db");

    [Test]
    public async Task Help_ListsEachCommandWithItsOptions_AndStartsNothing()
    {
        var help = await ServiceProcess.RunAsync(DataDirectory, null, "--help");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(help.ExitCode, Is.Zero, help.Output);
            Assert.That(help.Output, Does.Contain("With no command, serves the API"));
            Assert.That(help.Output, Does.Contain("--- reencrypt-passwords ---").And.Contain("--batch-size <rows>"));
            Assert.That(help.Output, Does.Contain("--- import-legacy ---").And.Contain("--source <path-or-connection-string> (REQUIRED)").And.Contain("--dry-run"));
            Assert.That(help.Output, Does.Contain("--secrets-dir <folder>").And.Contain("--environment <name>").And.Contain("<Key=Value>"));
            Assert.That(File.Exists(DatabaseFile), Is.False, "help opens no database");
        }
    }

    [Test]
    public async Task ACommandsHelp_ListsItsOptions()
    {
        var help = await ServiceProcess.RunAsync(DataDirectory, null, "import-legacy", "--help");

        Assert.That(help.ExitCode, Is.Zero, help.Output);
        Assert.That(help.Output, Does.Contain("Usage:").And.Contain("import-legacy").And.Contain("--source").And.Contain("--dry-run").And.Not.Contain("--batch-size"));
    }

    [TestCase("import-legacy", "--source", "legacy.db", "--dry-rn")]
    [TestCase("import-legacy")]
    [TestCase("reencrypt-passwords", "--batch-size", "0")]
    [TestCase("reencrypt-passwords", "not-a-setting")]
    public async Task AMistypedCommandLine_IsRefusedBeforeAnythingIsOpened(params string[] arguments)
    {
        var run = await ServiceProcess.RunAsync(DataDirectory, null, arguments);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Not.Zero, run.Output);
            Assert.That(File.Exists(DatabaseFile), Is.False, "nothing was hosted");
        }
    }

    [Test]
    public async Task HostArguments_PassThrough_WhenServing_AndToCommands()
    {
        var missing = Path.Combine(DataDirectory, "no-such-secrets");

        // Each reaches the host's configuration, which refuses it at start-up.
        var servingSetting = await ServiceProcess.RunAsync(DataDirectory, null, "Lockout:MaxFailures=abc");
        var servingSecrets = await ServiceProcess.RunAsync(DataDirectory, null, "--secrets-dir", missing);
        var commandSetting = await ServiceProcess.RunAsync(DataDirectory, null, "reencrypt-passwords", "Lockout:MaxFailures=abc");
        var commandSecrets = await ServiceProcess.RunAsync(DataDirectory, null, "reencrypt-passwords", "--secrets-dir", missing);

        using (Assert.EnterMultipleScope())
        {
            foreach (var run in new[] { servingSetting, commandSetting })
            {
                Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
                Assert.That(run.Output, Does.Contain("AccountRegistry cannot start:").And.Contain("MaxFailures"));
            }

            foreach (var run in new[] { servingSecrets, commandSecrets })
            {
                Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
                Assert.That(run.Output, Does.Contain($"The secrets folder '{missing}'"));
            }
        }
    }
}
