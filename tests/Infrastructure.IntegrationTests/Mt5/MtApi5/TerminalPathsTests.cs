using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>mt5_path comes from an unauthenticated request and names a program to run.</summary>
public sealed class TerminalPathsTests
{
    private string _root = null!;
    private string _terminal = null!;
    private string _second = null!;

    [SetUp]
    public void CreateInstalls()
    {
        _root = Path.Combine(Path.GetTempPath(), $"terminals-{Guid.NewGuid():N}");
        _terminal = Create(Path.Combine(_root, "mt5-a", "terminal64.exe"));
        _second = Create(Path.Combine(_root, "mt5-b", "terminal64.exe"));
    }

    [TearDown]
    public void DeleteInstalls() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Resolve_GivesTheConfiguredTerminal_ForAnEmptyPath() =>
        Assert.That(Paths().Resolve(""), Is.EqualTo(_terminal));

    [Test]
    public void Resolve_GivesNull_ForAnEmptyPath_WhenNoTerminalIsConfigured() =>
        Assert.That(TerminalPaths.For(new Mt5Options()).Resolve(""), Is.Null);

    [Test]
    public void For_WorksThePathsOut_OncePerOptionsValue()
    {
        var options = new Mt5Options { TerminalPath = _terminal };

        var first = TerminalPaths.For(options);

        Assert.That(TerminalPaths.For(options), Is.SameAs(first));
        Assert.That(TerminalPaths.For(new Mt5Options { TerminalPath = _terminal }), Is.Not.SameAs(first));
    }

    [Test]
    public void Resolve_AcceptsAnAllowedTerminal_EvenWrittenRoundabout()
    {
        var roundabout = Path.Combine(_root, "mt5-a", "..", "mt5-b", ".", "terminal64.exe");

        Assert.That(Paths().Resolve(roundabout), Is.EqualTo(_second));
    }

    [TestCase("/bin/sh")]
    [TestCase("terminal64.exe")]
    [TestCase("../../../bin/sh")]
    public void Resolve_RefusesAnyOtherProgram(string path) => Assert.That(Paths().Resolve(path), Is.Null);

    [Test]
    public void Resolve_RefusesALinkToAnotherProgram_NamedLikeATerminal()
    {
        var link = Path.Combine(_root, "mt5-a", "evil", "terminal64.exe");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, "/bin/sh");

        Assert.That(Paths().Resolve(link), Is.Null);
    }

    [Test]
    public void Resolve_RefusesALinkedFolder_ThatIsNotItselfAllowed()
    {
        // Only the path as written is compared: the disk is not looked at for a path not allowed.
        var linkedFolder = Path.Combine(_root, "current");
        Directory.CreateSymbolicLink(linkedFolder, Path.Combine(_root, "mt5-b"));

        Assert.That(Paths().Resolve(Path.Combine(linkedFolder, "terminal64.exe")), Is.Null);
    }

    [Test]
    public void Resolve_GivesTheCanonicalPath_ForAnAllowedEntryThatIsALink()
    {
        var linkedFolder = Path.Combine(_root, "current");
        Directory.CreateSymbolicLink(linkedFolder, Path.Combine(_root, "mt5-b"));
        var linked = Path.Combine(linkedFolder, "terminal64.exe");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Paths(linked).Resolve(linked), Is.EqualTo(_second));
            Assert.That(Paths(linked).Resolve(_second), Is.EqualTo(_second));
        }
    }

    [TestCase(@"\\attacker\share\terminal64.exe")]
    [TestCase("//attacker/share/terminal64.exe")]
    [TestCase(@"\\?\C:\MT5\terminal64.exe")]
    [TestCase(@"\\.\pipe\terminal")]
    [TestCase(@"/\attacker\share")]
    public void Resolve_RefusesUncAndDevicePaths(string path)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TerminalPaths.IsRemoteOrDevice(path), Is.True);
            Assert.That(Paths().Resolve(path), Is.Null);
        }
    }

    private TerminalPaths Paths(string? allowed = null) => TerminalPaths.For(new Mt5Options
    {
        TerminalPath = _terminal,
        AllowedTerminalPaths = allowed is null ? [_second] : [_second, allowed],
    });

    private static string Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "terminal");
        return path;
    }
}
