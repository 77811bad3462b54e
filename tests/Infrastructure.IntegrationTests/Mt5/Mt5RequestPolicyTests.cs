using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Mt5;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5;

/// <summary>The service's own rules on what a request may make MT5 do, whatever the gateway.</summary>
public sealed class Mt5RequestPolicyTests
{
    [TestCase("MetaQuotes-*", "MetaQuotes-Demo")]
    [TestCase("MetaQuotes-*", "metaquotes-DEMO")]
    [TestCase("MetaQuotes-*", "MetaQuotes-")]
    [TestCase("ICMarkets-MT5", "icmarkets-mt5")]
    [TestCase("*-Live*", "Broker-Live2")]
    [TestCase("a*b*c", "aXXbYYbZZc")]
    [TestCase("*", "Anything")]
    [TestCase("*.broker.example", "mt5.Broker.example")]
    [TestCase("mt5.broker.example:443", "MT5.broker.example:443")]
    [TestCase("mt5.broker.example:*", "mt5.broker.example:443")]
    [TestCase("Broker-*:443", "Broker-Live:443")]
    public void Matches_TheWholeName_InAnyCase(string pattern, string server) =>
        Assert.That(ServerPattern.Matches(pattern, server), Is.True);

    [TestCase("MetaQuotes-*", "Evil-MetaQuotes-Demo")]
    [TestCase("MetaQuotes-*", "MetaQuotes")]
    [TestCase("ICMarkets-MT5", "ICMarkets-MT5 2")]
    [TestCase("ICMarkets-MT5", "ICMarkets-MT")]
    [TestCase("a*b*c", "aXXbYYbZZ")]
    public void Matches_NothingButTheWholeName(string pattern, string server) =>
        Assert.That(ServerPattern.Matches(pattern, server), Is.False);

    [TestCase("MetaQuotes-*", "MetaQuotes-evil.example:443")]
    [TestCase("MetaQuotes-*", "MetaQuotes-evil.example")]
    [TestCase("MetaQuotes-*", "MetaQuotes-Demo:443")]
    [TestCase("MetaQuotes-*", "MetaQuotes-x/y")]
    [TestCase("MetaQuotes-*", @"MetaQuotes-x\y")]
    [TestCase("*", "evil.example")]
    [TestCase("*.broker.example", "evil.example.broker.example")]
    [TestCase("*.broker.example", "evil.example:443.broker.example")]
    [TestCase("Broker-*:443", "Broker-Live:4430")]
    [TestCase("Broker-*:443", "Broker-Live/443")]
    public void Matches_NoSeparatorWithAStar_SoAPatternNeverReachesAnotherHostOrPort(string pattern, string server) =>
        Assert.That(ServerPattern.Matches(pattern, server), Is.False);

    [TestCase("Exness-*", "Exne\u017F\u017F-Real")]
    [TestCase("Exness-*", "EXNE\u017F\u017F-REAL")]
    [TestCase("Icmarkets-*", "\u0131CMarkets-Live")]
    [TestCase("Kelvin-*", "\u212Aelvin-Live")]
    [TestCase("Exne\u017F\u017F-*", "Exness-Real")]
    public void Matches_FoldsTheCaseOfAsciiLettersOnly(string pattern, string server) =>
        Assert.That(ServerPattern.Matches(pattern, server), Is.False);

    [Test]
    public void Matches_InLinearSteps_ForAPathologicalPattern()
    {
        // A backtracking matcher takes exponential time on this; the one-backtrack-point glob does not.
        var pattern = string.Concat(Enumerable.Repeat("a*", 20)) + "b";
        var server = new string('a', 200);

        var steps = 0L;

        Assert.That(ServerPattern.Matches(pattern, server, ref steps), Is.False);
        Assert.That(steps, Is.LessThanOrEqualTo((long)(pattern.Length + 1) * (server.Length + 1)), "no more than pattern × name steps");
    }

    [Test]
    public void Check_AllowsAnyServer_WhenNoneIsConfigured() =>
        Assert.That(Policy(new Mt5Options()).Check("Any-Server", "").Refusal, Is.Null);

    [Test]
    public void Check_RefusesAServerThatNoPatternMatches_WithoutQuotingIt()
    {
        var policy = Policy(new Mt5Options { AllowedServers = ["MetaQuotes-*", "ICMarkets-MT5"] });

        var refused = policy.Check("Attacker-Server", "");

        Assert.That(refused.Refusal, Does.Contain("not allowed on this service").And.Not.Contain("Attacker"));
        Assert.That(refused.Problem, Is.EqualTo(Mt5RequestProblem.ServerNotAllowed));
        Assert.That(policy.Check("icmarkets-mt5", "").Refusal, Is.Null);
        Assert.That(policy.Check("MetaQuotes-Demo", "").Refusal, Is.Null);
    }

    [Test]
    public void Check_RefusesAnyMt5Path_WhenNoTerminalIsConfigured()
    {
        var policy = Policy(new Mt5Options());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(policy.Check("Any", "").Refusal, Is.Null);
            Assert.That(policy.Check("Any", "/opt/mt5/terminal64.exe").Refusal, Does.Contain("not an allowed terminal"));
            Assert.That(policy.Check("Any", "/opt/mt5/terminal64.exe").Problem, Is.EqualTo(Mt5RequestProblem.TerminalNotAllowed));
            Assert.That(policy.Check("Any", "").Problem, Is.Null);
        }
    }

    [TestCase(@"\\attacker\share\terminal64.exe")]
    [TestCase("//attacker/share/terminal64.exe")]
    [TestCase(@"\\?\UNC\attacker\share")]
    [TestCase(@"\\.\pipe\x")]
    public void Check_RefusesAUncOrDevicePath(string path) =>
        Assert.That(Policy(new Mt5Options { AllowedTerminalPaths = ["/opt/mt5/terminal64.exe"] }).Check("Any", path).Refusal, Does.Contain("local path"));

    [Test]
    public void Check_GivesTheAllowedTerminalsFullPath_ForAPathWrittenRoundabout()
    {
        var decision = Policy(new Mt5Options { AllowedTerminalPaths = ["/opt/mt5-a/terminal64.exe"] })
            .Check("Any", "/opt/mt5-b/../mt5-a/./terminal64.exe");

        Assert.That(decision, Is.EqualTo(Mt5RequestDecision.Allow(Path.GetFullPath("/opt/mt5-a/terminal64.exe"))));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "A symbolic link loop")]
    public void Check_RefusesAConfiguredTerminalThatCannotBeResolved_InsteadOfFailing()
    {
        // Refused at start-up; should the disk change under a running service, a 4xx, not a 500.
        var folder = Path.Combine(Path.GetTempPath(), $"terminal-loop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var loop = Path.Combine(folder, "loop");
            Directory.CreateSymbolicLink(loop, loop);
            var terminal = Path.Combine(loop, "terminal64.exe");
            var selfLink = Path.Combine(folder, "terminal64.exe");
            File.CreateSymbolicLink(selfLink, selfLink);
            var invalid = "/opt/mt5\0/terminal64.exe";
            var policy = Policy(new Mt5Options { AllowedTerminalPaths = [terminal, selfLink, invalid] });

            using (Assert.EnterMultipleScope())
            {
                Assert.That(policy.Check("Any", terminal).Refusal, Does.Contain("not an allowed terminal"));
                Assert.That(policy.Check("Any", selfLink).Refusal, Does.Contain("not an allowed terminal"));
                Assert.That(policy.Check("Any", "/opt/mt5/terminal64.exe").Refusal, Does.Contain("not an allowed terminal"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static Mt5RequestPolicy Policy(Mt5Options options)
    {
        var monitor = new Mock<IOptionsMonitor<Mt5Options>>();
        monitor.Setup(m => m.CurrentValue).Returns(options);
        return new Mt5RequestPolicy(monitor.Object);
    }
}
