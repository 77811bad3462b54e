using System.Runtime.Versioning;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5;

[TestFixture]
public sealed class Mt5OptionsValidatorTests
{
    private static ValidateOptionsResult Validate(Mt5Options options) => new Mt5OptionsValidator().Validate(Options.DefaultName, options);

    private static Mt5Options ValidSandbox()
    {
        var options = new Mt5Options { Gateway = Mt5GatewayKind.Sandbox };
        options.Sandbox.LatencyMs = 0;
        options.Sandbox.Accounts.Add(new SandboxAccount { Login = 51234567, Password = "secret", Server = "Broker-Live" });
        options.Sandbox.Accounts.Add(new SandboxAccount { Login = 0, Password = "any", Server = "Broker-Demo" });
        return options;
    }

    [Test]
    public void Validate_Succeeds_ForValidSandboxConfiguration()
    {
        var result = Validate(ValidSandbox());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_Succeeds_ForSandboxWithPositiveLatencyAndNoAccounts()
    {
        var options = new Mt5Options { Gateway = Mt5GatewayKind.Sandbox };
        options.Sandbox.LatencyMs = 250;

        Assert.That(Validate(options).Succeeded, Is.True);
    }

    [Test]
    public void Validate_Fails_WhenMtApi5HasNoTerminalPath()
    {
        var options = ValidSandbox();
        options.Gateway = Mt5GatewayKind.MtApi5;

        var result = Validate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Exactly(1).Items);
            Assert.That(result.FailureMessage, Does.Contain("Mt5:Gateway=Sandbox"));
        }
    }

    [Test]
    public void Validate_Fails_WhenTheMtApi5TerminalDoesNotExist()
    {
        var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = "/nonexistent/terminal64.exe" };

        Assert.That(Validate(options).Failures, Is.EqualTo(new[] { "Mt5:TerminalPath '/nonexistent/terminal64.exe' does not exist." }));
    }

    [Test]
    public void Validate_Succeeds_ForMtApi5WithAnExistingTerminal()
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal };

            Assert.That(Validate(options).Succeeded, Is.True);
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [TestCase("", TestName = "Validate_Fails_ForABlankServerPattern")]
    [TestCase(" MetaQuotes-*", TestName = "Validate_Fails_ForAServerPatternWithASpaceAtAnEnd")]
    [TestCase("MetaQuotes;*", TestName = "Validate_Fails_ForAServerPatternTheIniCannotCarry")]
    [TestCase("Meta\u2028Quotes", TestName = "Validate_Fails_ForAServerPatternWithALineSeparator")]
    public void Validate_Fails_ForAServerPatternThatNoServerCanMatch(string pattern)
    {
        var options = ValidSandbox();
        options.AllowedServers.AddRange(["MetaQuotes-*", pattern]);

        Assert.That(Validate(options).Failures, Has.Exactly(1).Contains("Mt5:AllowedServers:1"));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix modes")]
    [UnsupportedOSPlatform("windows")]
    public void Validate_CreatesAMissingWorkFolder_ForTheServiceAlone()
    {
        using var folder = new TempDirectory();
        var work = folder.Combine("mt5-work");

        var result = Validate(MtApi5(folder, work));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
        Assert.That(File.GetUnixFileMode(work), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix modes")]
    [UnsupportedOSPlatform("windows")]
    public void Validate_Fails_ForAWorkFolderOthersMayEnter()
    {
        using var folder = new TempDirectory();
        var work = folder.Combine("mt5-work");
        Directory.CreateDirectory(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        Assert.That(Validate(MtApi5(folder, work)).Failures, Is.EqualTo(new[]
        {
            $"Mt5:WorkDirectory '{work}' has mode 705, not 700: only the service's user may enter it (chmod 700).",
        }));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix modes")]
    [UnsupportedOSPlatform("windows")]
    public void Validate_Fails_ForAWorkFolderThatIsASymbolicLink_EvenToAPrivateFolder()
    {
        // Whoever can change the link's target (or the target itself) decides where inis go.
        using var folder = new TempDirectory();
        var target = folder.Combine("elsewhere");
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var work = folder.Combine("mt5-work");
        Directory.CreateSymbolicLink(work, target);

        Assert.That(Validate(MtApi5(folder, work)).Failures, Is.EqualTo(new[]
        {
            $"Mt5:WorkDirectory '{work}' is a symbolic link: use the folder itself, owned by the service's user.",
        }));
    }

    [Test]
    [Platform(Include = "Linux", Reason = "Ownership is checked on Linux")]
    [SupportedOSPlatform("linux")]
    public void Validate_Fails_ForAWorkFolderSomeoneElseOwns()
    {
        Assume.That(Environment.UserName, Is.EqualTo("root"), "only root can give a folder away");
        using var folder = new TempDirectory();
        var work = folder.Combine("mt5-work");
        Directory.CreateDirectory(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var chown = System.Diagnostics.Process.Start("chown", ["65534", work]))
        {
            Assert.That(chown.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "chown finished");
        }

        Assert.That(Validate(MtApi5(folder, work)).Failures, Has.Exactly(1).Contains("is owned by user 65534"));
    }

    private static Mt5Options MtApi5(TempDirectory folder, string work)
    {
        var terminal = folder.Combine("terminal64.exe");
        File.WriteAllText(terminal, "terminal");
        return new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal, WorkDirectory = work };
    }

    [TestCase("MtApi5;x[y]", "cannot carry", TestName = "Validate_Fails_ForAnExpertNameTheIniCannotCarry(';' and '[')")]
    [TestCase("MtApi5\u2028Password=x", "cannot carry", TestName = "Validate_Fails_ForAnExpertNameTheIniCannotCarry(U+2028)")]
    [TestCase(" MtApi5", "starts or ends with a space", TestName = "Validate_Fails_ForAnExpertNameTheIniCannotCarry(a leading space)")]
    [TestCase("", "must name the MtApi5 expert", TestName = "Validate_Fails_ForAnExpertNameTheIniCannotCarry(empty)")]
    public void Validate_Fails_ForAnExpertNameTheIniCannotCarry(string expert, string why)
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal, ExpertName = expert };

            Assert.That(Validate(options).Failures, Has.Exactly(1).Contains("Mt5:ExpertName").And.Contains(why));
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [Test]
    public void Validate_Succeeds_ForAnExpertNameInASubfolder()
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal, ExpertName = @"Advisors\MtApi5" };

            Assert.That(Validate(options).Succeeded, Is.True, Validate(options).FailureMessage);
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "A symbolic link loop")]
    public void Validate_Fails_ForAConfiguredTerminalOnASymbolicLinkLoop_WithOneClearMessage()
    {
        using var folder = new TempDirectory();
        var loop = folder.Combine("loop");
        Directory.CreateSymbolicLink(loop, loop);
        var terminal = Path.Combine(loop, "terminal64.exe");
        var options = ValidSandbox();
        options.AllowedTerminalPaths.Add(terminal);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Validate(options).Failures, Is.EqualTo(new[]
            {
                $"Mt5:AllowedTerminalPaths:0 '{terminal}' cannot be resolved: it is not a valid path, or a link along it loops or cannot be read.",
            }));
            Assert.That(Validate(new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal }).Failures, Is.EqualTo(new[]
            {
                $"Mt5:TerminalPath '{terminal}' cannot be resolved: it is not a valid path, or a link along it loops or cannot be read.",
            }));
        }
    }

    [TestCase(@"\\attacker\share\terminal64.exe")]
    [TestCase("//attacker/share/terminal64.exe")]
    public void Validate_Fails_ForAConfiguredTerminalOnAUncOrDevicePath(string terminal)
    {
        var options = ValidSandbox();
        options.AllowedTerminalPaths.Add(terminal);

        Assert.That(Validate(options).Failures, Is.EqualTo(new[] { $"Mt5:AllowedTerminalPaths:0 '{terminal}' is a UNC or device path: configure a local path." }));
    }

    [TestCase(0)]
    [TestCase(601)]
    public void Validate_Fails_WhenTheQueueTimeoutIsOutOfRange(int seconds)
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal, QueueTimeoutSeconds = seconds };

            Assert.That(Validate(options).Failures, Is.EqualTo(new[] { "Mt5:QueueTimeoutSeconds must be between 1 and 600." }));
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [TestCase(0, 10, 250, "VerifyTimeoutSeconds")]
    [TestCase(60, 0, 250, "CommandTimeoutSeconds")]
    [TestCase(60, 10, 5, "PollIntervalMilliseconds")]
    public void Validate_Fails_WhenAnMtApi5TimingIsOutOfRange(int verify, int command, int poll, string key)
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options
            {
                Gateway = Mt5GatewayKind.MtApi5,
                TerminalPath = terminal,
                VerifyTimeoutSeconds = verify,
                CommandTimeoutSeconds = command,
                PollIntervalMilliseconds = poll,
            };

            Assert.That(Validate(options).Failures, Has.Exactly(1).Contains($"Mt5:{key}"));
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [TestCase(0, 10, 250, 60, "Mt5:QueueTimeoutSeconds must be between 1 and 600.")]
    [TestCase(30, 0, 250, 60, "Mt5:CommandTimeoutSeconds must be between 1 and 120.")]
    [TestCase(30, 10, 5, 60, "Mt5:PollIntervalMilliseconds must be between 10 and 10000.")]
    [TestCase(30, 10, 250, 601, "Mt5:VerifyTimeoutSeconds must be between 1 and 600.")]
    public void Validate_Fails_WhenATimingIsOutOfRange_UnderTheSandboxToo(int queue, int command, int poll, int verify, string failure)
    {
        // The idempotency lease is counted from the queue and verification timeouts whatever the gateway.
        var options = ValidSandbox();
        options.QueueTimeoutSeconds = queue;
        options.CommandTimeoutSeconds = command;
        options.PollIntervalMilliseconds = poll;
        options.VerifyTimeoutSeconds = verify;

        Assert.That(Validate(options).Failures, Is.EqualTo(new[] { failure }));
    }

    [TestCase("", TestName = "Validate_Fails_ForAnEmptyInheritedVariableName")]
    [TestCase("A=B", TestName = "Validate_Fails_ForAnInheritedVariableNameWithEquals")]
    [TestCase(" PATH", TestName = "Validate_Fails_ForAnInheritedVariableNameWithSpaces")]
    public void Validate_Fails_ForAnInheritedVariableThatCannotBeNamed(string name)
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal, InheritEnvironment = ["DISPLAY", name] };

            Assert.That(Validate(options).Failures, Has.Exactly(1).Contains("Mt5:InheritEnvironment:1"));
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [Test]
    public void Validate_Fails_ForATerminalVariableThatCannotBeNamed()
    {
        var terminal = Path.GetTempFileName();
        try
        {
            var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal };
            options.TerminalEnvironment["A=B"] = "value";
            options.TerminalEnvironment["GOOD"] = "value";

            Assert.That(Validate(options).Failures, Has.Exactly(1).Contains("Mt5:TerminalEnvironment"));
        }
        finally
        {
            File.Delete(terminal);
        }
    }

    [Test]
    public void Validate_Fails_WhenLatencyNegative()
    {
        var options = ValidSandbox();
        options.Sandbox.LatencyMs = -1;

        var result = Validate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Is.EqualTo(new[] { "Mt5:Sandbox:LatencyMs must be between 0 and 60000." }));
        }
    }

    [TestCase(1L, "", "secret", TestName = "Validate_Fails_WhenSandboxAccountHasNoServer")]
    [TestCase(1L, "   ", "secret", TestName = "Validate_Fails_WhenSandboxAccountServerIsBlank")]
    [TestCase(1L, "Broker-Live", "", TestName = "Validate_Fails_WhenSandboxAccountHasNoPassword")]
    [TestCase(-5L, "Broker-Live", "secret", TestName = "Validate_Fails_WhenSandboxAccountLoginNegative")]
    public void Validate_Fails_WhenSandboxAccountIncomplete(long login, string server, string password)
    {
        var options = ValidSandbox();
        options.Sandbox.Accounts.Add(new SandboxAccount { Login = login, Server = server, Password = password });

        var result = Validate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Exactly(1).Items);
            Assert.That(result.FailureMessage, Does.Contain("Mt5:Sandbox:Accounts:2 needs a Server, a Password"));
        }
    }

    [Test]
    public void Validate_ReportsEveryFault_Together()
    {
        var options = ValidSandbox();
        options.Gateway = Mt5GatewayKind.MtApi5;
        options.Sandbox.LatencyMs = -10;
        options.Sandbox.Accounts[0].Password = string.Empty;

        var result = Validate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failures, Has.Exactly(3).Items);
            Assert.That(result.Failures, Has.Some.Contains("Mt5:Gateway=Sandbox"));
            Assert.That(result.Failures, Has.Some.Contains("LatencyMs"));
            Assert.That(result.Failures, Has.Some.Contains("Mt5:Sandbox:Accounts:0"));
        }
    }

    [Test]
    public void Validate_Fails_ForASandboxLatencyOverAMinute()
    {
        var options = ValidSandbox();
        options.Sandbox.LatencyMs = 60_001;

        Assert.That(Validate(options).FailureMessage, Does.Contain("Mt5:Sandbox:LatencyMs must be between 0 and 60000"));
    }

    [Test]
    public void Validate_Fails_ForConfiguredListsPastTheirBound_AndAcceptsThemAtIt()
    {
        var atBound = ValidSandbox();
        atBound.AllowedServers.AddRange(Enumerable.Range(0, Mt5OptionsValidator.MaxListEntries).Select(i => $"Broker-{i}"));
        var past = ValidSandbox();
        past.AllowedServers.AddRange(Enumerable.Range(0, Mt5OptionsValidator.MaxListEntries + 1).Select(i => $"Broker-{i}"));
        past.Sandbox.Accounts.AddRange(Enumerable.Range(0, Mt5OptionsValidator.MaxListEntries)
            .Select(i => new SandboxAccount { Login = 1000 + i, Password = "p", Server = "Broker-Demo" }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Validate(atBound).Succeeded, Is.True, Validate(atBound).FailureMessage);
            Assert.That(Validate(past).FailureMessage, Does.Contain("Mt5:AllowedServers has 101 entries; at most 100"));
            Assert.That(Validate(past).FailureMessage, Does.Contain("Mt5:Sandbox:Accounts has 102 entries; at most 100"));
        }
    }

    [TestCase(-1, 3, 60, "Mt5:MaxQueueLength must be between 0 and 10000.")]
    [TestCase(10_001, 3, 60, "Mt5:MaxQueueLength must be between 0 and 10000.")]
    [TestCase(100, 0, 60, "Mt5:InstallFailuresBeforeRest must be between 1 and 100.")]
    [TestCase(100, 101, 60, "Mt5:InstallFailuresBeforeRest must be between 1 and 100.")]
    [TestCase(100, 3, 0, "Mt5:InstallRestSeconds must be between 1 and 3600.")]
    [TestCase(100, 3, 3_601, "Mt5:InstallRestSeconds must be between 1 and 3600.")]
    public void Validate_Fails_WhenAPoolSettingIsOutOfRange(int queue, int failures, int rest, string failure)
    {
        var options = ValidSandbox();
        options.MaxQueueLength = queue;
        options.InstallFailuresBeforeRest = failures;
        options.InstallRestSeconds = rest;

        Assert.That(Validate(options).Failures, Is.EqualTo(new[] { failure }));
    }

    [TestCase(0, 1, 1)]
    [TestCase(10_000, 100, 3_600)]
    public void Validate_Succeeds_ForPoolSettingsAtTheirBounds(int queue, int failures, int rest)
    {
        var options = ValidSandbox();
        options.MaxQueueLength = queue;
        options.InstallFailuresBeforeRest = failures;
        options.InstallRestSeconds = rest;

        Assert.That(Validate(options).Succeeded, Is.True, Validate(options).FailureMessage);
    }

    [Test]
    public void Validate_Succeeds_ForAPoolOfInstallsInFoldersOfTheirOwn_WithoutTerminalPath()
    {
        using var folder = new TempDirectory();
        var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5 };
        options.Terminals.AddRange([new Mt5Terminal { Path = Install(folder, "a") }, new Mt5Terminal { Path = Install(folder, "b") }]);

        Assert.That(Validate(options).Succeeded, Is.True, Validate(options).FailureMessage);
    }

    [Test]
    public void Validate_Fails_ForTwoPoolInstallsInOneFolder_NamingBoth()
    {
        using var folder = new TempDirectory();
        var terminal = Install(folder, "a");
        var other = Path.Combine(Path.GetDirectoryName(terminal)!, "terminal-copy.exe");
        File.WriteAllText(other, "terminal");
        var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5, TerminalPath = terminal };
        options.Terminals.AddRange([new Mt5Terminal { Path = Install(folder, "b") }, new Mt5Terminal { Path = other }]);

        Assert.That(Validate(options).Failures, Is.EqualTo(new[]
        {
            $"Mt5:Terminals:1:Path '{other}' is in the folder of Mt5:TerminalPath ('{Path.GetDirectoryName(terminal)}'): MT5 runs one terminal per install folder, " +
            "so each install of the pool needs a folder (a copy of the terminal) of its own.",
        }));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "A symbolic link")]
    public void Validate_Fails_ForTwoPoolInstallsInOneFolder_ReachedThroughALink()
    {
        using var folder = new TempDirectory();
        var terminal = Install(folder, "a");
        var link = folder.Combine("a-link");
        Directory.CreateSymbolicLink(link, Path.GetDirectoryName(terminal)!);
        var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5 };
        options.Terminals.AddRange([new Mt5Terminal { Path = terminal }, new Mt5Terminal { Path = Path.Combine(link, "terminal64.exe") }]);

        Assert.That(Validate(options).Failures, Has.Exactly(1).Contains("Mt5:Terminals:1:Path").And.Contains("one terminal per install folder"));
    }

    [TestCase("", "Mt5:Terminals:0:Path must name an install's terminal64.exe.")]
    [TestCase("//attacker/share/terminal64.exe", "Mt5:Terminals:0:Path '//attacker/share/terminal64.exe' is a UNC or device path: configure a local path.")]
    [TestCase("/nonexistent/terminal64.exe", "Mt5:Terminals:0:Path '/nonexistent/terminal64.exe' does not exist.")]
    public void Validate_Fails_ForAPoolInstallThatCannotBeUsed(string path, string failure)
    {
        var options = new Mt5Options { Gateway = Mt5GatewayKind.MtApi5 };
        options.Terminals.Add(new Mt5Terminal { Path = path });

        Assert.That(Validate(options).Failures, Is.EqualTo(new[] { failure }));
    }

    [Test]
    public void Validate_Fails_ForMorePoolInstallsThanTheBound()
    {
        var options = ValidSandbox();
        options.Terminals.AddRange(Enumerable.Range(0, Mt5OptionsValidator.MaxListEntries + 1).Select(i => new Mt5Terminal { Path = $"/pool/{i}/terminal64.exe" }));

        Assert.That(Validate(options).FailureMessage, Does.Contain("Mt5:Terminals has 101 entries; at most 100"));
    }

    private static string Install(TempDirectory folder, string name)
    {
        var install = folder.Combine(name);
        Directory.CreateDirectory(install);
        var terminal = Path.Combine(install, "terminal64.exe");
        File.WriteAllText(terminal, "terminal");
        return TerminalPaths.Canonical(terminal);
    }
}
