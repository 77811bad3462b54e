using System.Diagnostics;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using AccountRegistry.Tests.Simulation;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>What a service that died mid-verification leaves behind is removed at the next start-up.</summary>
[Platform(Exclude = "Win", Reason = "A long-running stand-in process is started with sleep")]
public sealed class TerminalLeftoversTests
{
    private TempDirectory _folder = null!;
    private string _work = null!;
    private string _terminal = null!;
    private string _presets = null!;

    [SetUp]
    public void CreateFolders()
    {
        _folder = new TempDirectory();
        _work = _folder.Combine("work");
        _presets = _folder.Combine("install", "MQL5", "Presets");
        _terminal = _folder.Combine("install", "terminal64.exe");
        Directory.CreateDirectory(_work);
        Directory.CreateDirectory(_presets);
    }

    [TearDown]
    public void DeleteFolders() => _folder.Dispose();

    [Test]
    public async Task CleanUp_StopsARecordedTerminal_AndDeletesEveryStartUpFile()
    {
        using var terminal = Sleeper();
        using var stopAnyway = new Stopper(terminal);
        TerminalLeftovers.Record(_work, "a1", terminal);
        await File.WriteAllTextAsync(Path.Combine(_work, "account-registry-a1.ini"), "Password=secret");
        await File.WriteAllTextAsync(Path.Combine(_presets, "account-registry-a1.set"), "Port=1");
        await File.WriteAllTextAsync(Path.Combine(_presets, "someone-elses.set"), "Port=2");

        var (stopped, deleted) = TerminalLeftovers.CleanUp(_work, [_terminal]);

        await terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopped, Is.EqualTo(1));
            Assert.That(deleted, Is.EqualTo(3));
            Assert.That(Directory.GetFiles(_work), Is.Empty);
            Assert.That(Directory.GetFiles(_presets).Select(Path.GetFileName), Is.EqualTo(new[] { "someone-elses.set" }));
        }
    }

    [Test]
    public async Task CleanUp_StopsTheRecordedTerminalsWholeProcessGroup_WhatItStartedIncluded()
    {
        // A supervisor that leads its own group, and a program it started that was reparented.
        var marker = _folder.Combine("grandchild.pid");
        using var supervisor = Process.Start(
            "setsid", ["/bin/sh", "-c", "(/bin/sleep 300 & echo $! > \"$0\"); exec /bin/sleep 300", marker]);
        using var stopAnyway = new Stopper(supervisor);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(marker) || (await File.ReadAllTextAsync(marker)).Length == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the stand-in started its program");
            await Task.Delay(20);
        }

        var grandchild = int.Parse(await File.ReadAllTextAsync(marker), System.Globalization.CultureInfo.InvariantCulture);
        TerminalLeftovers.Record(_work, "c3", supervisor);

        var (stopped, _) = TerminalLeftovers.CleanUp(_work, [_terminal]);

        Assert.That(stopped, Is.EqualTo(1));
        await supervisor.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await RunningProcess.UntilGoneAsync(grandchild, "the program the terminal started");
    }

    [Test]
    public async Task CleanUp_DeletesThePresets_BesideTheTerminalALinkPointsTo()
    {
        // Launches run (and write presets beside) the terminal with its links followed.
        await File.WriteAllTextAsync(_terminal, "terminal");
        var link = _folder.Combine("links", "terminal64.exe");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, _terminal);
        await File.WriteAllTextAsync(Path.Combine(_presets, "account-registry-d4.set"), "Port=1");

        var (_, deleted) = TerminalLeftovers.CleanUp(_work, [link]);

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(_presets), Is.Empty);
    }

    [Test]
    public async Task CleanUp_LeavesAProcessAlone_WhoseStartTimeIsNotTheRecordedOne()
    {
        // The recorded terminal is long gone and its process id now belongs to another program.
        using var other = Sleeper();
        try
        {
            var recorded = TerminalLeftovers.StartStamp(other) - 1;
            await File.WriteAllTextAsync(Path.Combine(_work, "account-registry-b2.pid"), $"{other.Id} {recorded}");

            var (stopped, deleted) = TerminalLeftovers.CleanUp(_work, [_terminal]);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(stopped, Is.Zero);
                Assert.That(deleted, Is.EqualTo(1));
                Assert.That(other.HasExited, Is.False);
            }
        }
        finally
        {
            other.Kill();
        }
    }

    [Test]
    public void StartStamp_IsTheSame_EachTimeItIsRead()
    {
        using var process = Sleeper();
        try
        {
            using var again = Process.GetProcessById(process.Id);

            Assert.That(TerminalLeftovers.StartStamp(again), Is.EqualTo(TerminalLeftovers.StartStamp(process)));
        }
        finally
        {
            process.Kill();
        }
    }

    private static Process Sleeper() => Process.Start("sleep", "60");

    private sealed class Stopper(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
