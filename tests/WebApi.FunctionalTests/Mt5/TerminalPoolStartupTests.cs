using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Resilience;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>The pool's settings, checked as the built service starts: a bad one stops it with a clear line.</summary>
public sealed class TerminalPoolStartupTests : ServiceProcessTest
{
    [Test]
    public async Task StartUp_IsRefused_ForTwoInstallsInOneFolder_AndAnOutOfRangeQueue()
    {
        using var installs = new SimulatorInstalls();
        var terminal = installs.CreateInstall("terminal");
        var copy = Path.Combine(Path.GetDirectoryName(terminal)!, "terminal-copy");
        File.Copy(terminal, copy);

        var (exitCode, output) = await ServiceProcess.RunAsync(DataDirectory, new Dictionary<string, string>
        {
            ["Mt5__Gateway"] = "MtApi5",
            ["Mt5__Terminals__0__Path"] = terminal,
            ["Mt5__Terminals__1__Path"] = copy,
            ["Mt5__MaxQueueLength"] = "10001",
        });

        Assert.That(exitCode, Is.EqualTo(1), output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output, Does.Contain("AccountRegistry cannot start: Mt5:Terminals:1:Path").And.Contain("one terminal per install folder"));
            Assert.That(output, Does.Contain("AccountRegistry cannot start: Mt5:MaxQueueLength must be between 0 and 10000."));
            Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        }
    }
}
