using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>Start-up inis carry passwords: the folder they are written to is the service's own.</summary>
public sealed class WorkDirectoryTests : Resilience.ServiceProcessTest
{
    [Test]
    public async Task TheWorkFolder_IsInTheServicesDataFolder_ByDefault()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        var work = factory.Services.GetRequiredService<IOptions<Mt5Options>>().Value.WorkDirectory;

        Assert.That(work, Is.EqualTo(Path.Combine(factory.DataDirectory, "mt5-work")));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix modes")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StartUp_Fails_ForAWorkFolderOthersMayEnter()
    {
        using var installs = new SimulatorInstalls();
        Directory.CreateDirectory(installs.WorkDirectory);
        File.SetUnixFileMode(installs.WorkDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        var settings = installs.Settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value ?? string.Empty);
        settings["Mt5__Gateway"] = "MtApi5";
        settings["Mt5__TerminalPath"] = installs.CreateInstall("terminal");

        // Refused as an operator sees it: one line, exit code 1.
        var (exitCode, output) = await Resilience.ServiceProcess.RunAsync(DataDirectory, settings);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("AccountRegistry cannot start: ").And.Contain("Mt5:WorkDirectory").And.Contain("not 700"));
        Assert.That(output, Does.Not.Contain("   at "));
    }
}
