using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Tests.Simulation;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.FunctionalTests.Mt5;

/// <summary>Start-up inis carry passwords: the folder they are written to is the service's own.</summary>
public sealed class WorkDirectoryTests
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
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>(installs.Settings)
        {
            ["Mt5:Gateway"] = "MtApi5",
            ["Mt5:TerminalPath"] = installs.CreateInstall("terminal"),
        });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.That(refused!.Message, Does.Contain("Mt5:WorkDirectory").And.Contain("not 700"));
    }
}
