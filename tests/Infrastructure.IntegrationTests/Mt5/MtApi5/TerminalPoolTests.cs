using System.Diagnostics.Metrics;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>
/// The pool's scheduling on its own: installs are paths (nothing is launched), sessions are the
/// time between a grant and its release, and time is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class TerminalPoolTests
{
    private const string A = "/pool/a/terminal64.exe";
    private const string B = "/pool/b/terminal64.exe";
    private static readonly string[] Any = [A, B];

    private FakeTimeProvider _time = null!;
    private Mt5Options _options = null!;
    private TestMeters _meters = null!;
    private RecordingLogger<TerminalPool> _logs = null!;
    private TerminalPool _pool = null!;
    private CancellationTokenSource _stopping = null!;

    [SetUp]
    public void CreatePool()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _options = new Mt5Options
        {
            Gateway = Mt5GatewayKind.MtApi5,
            TerminalPath = A,
            Terminals = { new Mt5Terminal { Path = B } },
            QueueTimeoutSeconds = 30,
            MaxQueueLength = 100,
            InstallFailuresBeforeRest = 2,
            InstallRestSeconds = 60,
        };
        _meters = new TestMeters();
        _logs = new RecordingLogger<TerminalPool>();
        _pool = new TerminalPool(Mock.Of<IOptionsMonitor<Mt5Options>>(m => m.CurrentValue == _options), _time, _meters, _logs);
        _stopping = new CancellationTokenSource();
    }

    [TearDown]
    public void DisposePool()
    {
        _pool.Dispose();
        _meters.Dispose();
        _stopping.Dispose();
    }

    [Test]
    public async Task FreedInstalls_GoToTheWaiters_InArrivalOrder_AcrossInstalls()
    {
        var first = await HeldAsync(Any);
        var second = await HeldAsync(Any);
        Assert.That(new[] { first.Terminal, second.Terminal }, Is.EquivalentTo(Any), "a newcomer takes a free install at once");
        var waiters = Enumerable.Range(0, 5).Select(_ => Acquire(Any)).ToList();
        Assert.That(waiters, Has.None.Matches<Task<TerminalTurn>>(w => w.IsCompleted), "both installs are busy");

        // Each release frees one install; it must go to the oldest waiter, whichever install it is.
        var held = new Queue<TerminalLease>([first, second]);
        foreach (var (waiter, index) in waiters.Select((w, i) => (w, i)))
        {
            _pool.Release(held.Dequeue(), SessionOutcome.Verified);
            var lease = await LeaseOf(waiter);
            held.Enqueue(lease);
            Assert.That(waiters.Skip(index + 1), Has.None.Matches<Task<TerminalTurn>>(w => w.IsCompleted), $"waiter {index} was served before those behind it");
        }

        Assert.That(_pool.Snapshot().Queued, Is.Zero);
    }

    [Test]
    public async Task APinnedWaiter_LetsAnUnpinnedOneBehindItTakeAnotherInstall_ButKeepsItsPlaceForItsOwn()
    {
        var onA = await HeldAsync([A]);
        var onB = await HeldAsync([B]);
        var pinnedToA = Acquire([A]);
        var anyFirst = Acquire(Any);
        var anySecond = Acquire(Any);

        _pool.Release(onB, SessionOutcome.Verified);
        var gotB = await LeaseOf(anyFirst);
        Assert.That(gotB.Terminal, Is.EqualTo(B), "B went past the waiter pinned to A, to the first that may take it");
        Assert.That(pinnedToA.IsCompleted, Is.False);

        _pool.Release(onA, SessionOutcome.Verified);
        Assert.That((await LeaseOf(pinnedToA)).Terminal, Is.EqualTo(A), "A went to the pinned waiter, ahead of the unpinned one that came later");
        Assert.That(anySecond.IsCompleted, Is.False);
    }

    [Test]
    public async Task ACancelledWaiter_LeavesTheQueue_AndLeaksNoInstall()
    {
        var held = await HeldAsync([A]);
        using var cancel = new CancellationTokenSource();
        var waiting = _pool.AcquireAsync([A], _stopping.Token, cancel.Token);
        Assert.That(_pool.Snapshot().Queued, Is.EqualTo(1));

        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_pool.Snapshot().Queued, Is.Zero);
        _pool.Release(held, SessionOutcome.Verified);
        var next = Acquire([A]);
        Assert.That(next.IsCompletedSuccessfully && next.Result.Lease is not null, Is.True, "A is free again, not handed to the cancelled waiter");
    }

    [Test]
    public async Task AGrantRacingACancellation_EitherGrantsOrCancels_NeverLosesTheInstall()
    {
        for (var round = 0; round < 300; round++)
        {
            var held = await HeldAsync([A]);
            using var cancel = new CancellationTokenSource();
            var waiting = _pool.AcquireAsync([A], _stopping.Token, cancel.Token);
            await Task.WhenAll(Task.Run(cancel.Cancel), Task.Run(() => _pool.Release(held, SessionOutcome.Verified)));
            try
            {
                var turn = await waiting;
                _pool.Release(turn.Lease!, SessionOutcome.Verified);
            }
            catch (OperationCanceledException)
            {
                // Cancelled first: the install stayed free.
            }

            var state = _pool.Snapshot();
            Assert.That((state.Busy, state.Queued), Is.EqualTo((0, 0)), $"round {round}: the install is free and nobody waits");
        }
    }

    [Test]
    public async Task TheHardCap_RefusesAtOnce_WithQueueFull()
    {
        _options.MaxQueueLength = 2;
        await HeldAsync([A]);
        await HeldAsync([B]);
        var queued = new[] { Acquire(Any), Acquire(Any) };

        var refused = Acquire(Any);

        Assert.That(refused.IsCompleted, Is.True, "refused without waiting");
        var refusal = RefusalOf(refused);
        Assert.That(refusal.Kind, Is.EqualTo(Mt5Unavailability.QueueFull));
        Assert.That(refusal.RetryAfter, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)));
        Assert.That(queued, Has.None.Matches<Task<TerminalTurn>>(w => w.IsCompleted), "those already queued keep their places");
    }

    [Test]
    public async Task AQueueLengthOfZero_ServesOnlyFreeInstalls()
    {
        _options.MaxQueueLength = 0;
        var held = await HeldAsync([A]);

        Assert.That(RefusalOf(Acquire([A])).Kind, Is.EqualTo(Mt5Unavailability.QueueFull));
        Assert.That((await Acquire([B])).Lease, Is.Not.Null);
        _pool.Release(held, SessionOutcome.Verified);
        Assert.That((await Acquire([A])).Lease, Is.Not.Null);
    }

    [Test]
    public async Task TheEstimatedWait_RefusesAtOnce_WhenPastTheQueueTimeout_WithItAsRetryAfter()
    {
        // One session of 10 s gives the recent session time; the queue timeout is 30 s.
        var sample = await HeldAsync([A]);
        _time.Advance(TimeSpan.FromSeconds(10));
        _pool.Release(sample, SessionOutcome.Verified);
        await HeldAsync([A]);

        // Waits of 10, 20 and 30 s are within the timeout...
        var queued = new[] { Acquire([A]), Acquire([A]), Acquire([A]) };
        // ...and the fourth's 40 s is not.
        var refused = Acquire([A]);

        Assert.That(queued, Has.None.Matches<Task<TerminalTurn>>(w => w.IsCompleted));
        var refusal = RefusalOf(refused);
        Assert.That(refusal.Kind, Is.EqualTo(Mt5Unavailability.QueueFull));
        Assert.That(refusal.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That((await Acquire(Any)).Lease!.Terminal, Is.EqualTo(B), "waiters for A do not hold up a request that may take B");
    }

    [Test]
    public async Task TheEstimate_CountsTheInstallsTheRequestMayTake()
    {
        var sample = await HeldAsync([A]);
        _time.Advance(TimeSpan.FromSeconds(20));
        _pool.Release(sample, SessionOutcome.Verified);
        await HeldAsync(Any);
        await HeldAsync(Any);

        // Two installs at 20 s a session: the first two waiters wait about 20 s, the next two 40 s.
        var queued = new[] { Acquire(Any), Acquire(Any) };
        var refused = Acquire(Any);

        Assert.That(queued, Has.None.Matches<Task<TerminalTurn>>(w => w.IsCompleted));
        Assert.That(RefusalOf(refused).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)));
    }

    [Test]
    public async Task AWaiter_GetsQueueTimeout_AfterQueueTimeoutSeconds()
    {
        await HeldAsync([A]);
        var waiting = Acquire([A]);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(waiting.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));

        var refusal = (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Refusal;
        Assert.That(refusal!.Kind, Is.EqualTo(Mt5Unavailability.QueueTimeout));
        Assert.That(refusal.Reason, Does.Contain("busy"));
        Assert.That(refusal.RetryAfter, Is.Not.Null);
        Assert.That(_pool.Snapshot().Queued, Is.Zero);
    }

    [Test]
    public async Task TheServiceStopping_AnswersWaitersAndNewcomers_AtOnce()
    {
        await HeldAsync([A]);
        var waiting = Acquire([A]);

        await _stopping.CancelAsync();

        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Refusal!.Kind, Is.EqualTo(Mt5Unavailability.ServiceStopping));
        Assert.That(RefusalOf(Acquire([B])).Kind, Is.EqualTo(Mt5Unavailability.ServiceStopping));
    }

    [Test]
    public async Task AnInstallThatFailsToStart_Rests_RequestsGoToTheOthers_AndItComesBack()
    {
        // Two failures in a row (InstallFailuresBeforeRest) rest A; a success in between resets the count.
        await FailAsync(A);
        _pool.Release(await HeldAsync([A]), SessionOutcome.Unavailable);
        await FailAsync(A);
        Assert.That(_pool.Snapshot().Resting, Is.Zero, "a session that reached the expert resets the count");
        await FailAsync(A);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_pool.Snapshot().Resting, Is.EqualTo(1));
            Assert.That(_logs.Entries, Has.Some.Matches<(LogLevel Level, string Text)>(e => e.Level == LogLevel.Warning && e.Text.Contains("/pool/a") && e.Text.Contains("2 time(s)")));
            Assert.That((await Acquire(Any)).Lease!.Terminal, Is.EqualTo(B), "requests go to the other install");
        }

        var pinned = RefusalOf(Acquire([A]));
        Assert.That(pinned.Kind, Is.EqualTo(Mt5Unavailability.NoUsableTerminal));
        Assert.That(pinned.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.That(_logs.Entries, Has.Some.Matches<(LogLevel Level, string Text)>(e => e.Level == LogLevel.Information && e.Text.Contains("back in rotation")));
        var back = await Acquire([A]);
        Assert.That(back.Lease, Is.Not.Null, "A is back after Mt5:InstallRestSeconds");
        _pool.Release(back.Lease!, SessionOutcome.FailedToStart);
        Assert.That(_pool.Snapshot().Resting, Is.EqualTo(1), "once back, a single failure rests it again");
    }

    [Test]
    public async Task WhenEveryInstallRests_RequestsAndWaitersGetNoUsableTerminal_WithTheTimeUntilTheFirstIsBack()
    {
        await FailAsync(A);
        await FailAsync(A);
        _time.Advance(TimeSpan.FromSeconds(15));
        var onB = await HeldAsync(Any);
        Assert.That(onB.Terminal, Is.EqualTo(B));
        var waiting = Acquire(Any);

        // B fails twice: the waiter, left with no usable install, is answered at once.
        _pool.Release(onB, SessionOutcome.FailedToStart);
        var again = await LeaseOf(waiting);
        var waiter = Acquire(Any);
        _pool.Release(again, SessionOutcome.FailedToStart);

        var refusal = (await waiter.WaitAsync(TimeSpan.FromSeconds(30))).Refusal!;
        Assert.That(refusal.Kind, Is.EqualTo(Mt5Unavailability.NoUsableTerminal));
        Assert.That(refusal.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(45)), "A, rested 15 s earlier, is back first");
        Assert.That(RefusalOf(Acquire(Any)).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(_pool.Snapshot() is { Usable: 0, Resting: 2, Queued: 0 }, Is.True);
    }

    [Test]
    public async Task AWaiter_GetsAnInstallThatComesBack()
    {
        // A rest shorter than the queue timeout (30 s).
        _options.InstallRestSeconds = 20;
        await FailAsync(A);
        await FailAsync(A);
        await HeldAsync([B]);
        var waiting = Acquire(Any);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.That((await LeaseOf(waiting)).Terminal, Is.EqualTo(A));
    }

    [Test]
    public async Task TheHealthCheck_ReportsTheInstalls_AndIsUnhealthyWithNoneUsable()
    {
        var check = new TerminalPoolHealthCheck(Mock.Of<IOptionsMonitor<Mt5Options>>(m => m.CurrentValue == _options), _pool);
        var onB = await HeldAsync([B]);
        var queued = Acquire([B]);

        var busy = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.That(busy.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(busy.Data, Is.EquivalentTo(new Dictionary<string, object> { ["total"] = 2, ["usable"] = 2, ["busy"] = 1, ["resting"] = 0, ["queued"] = 1 }));

        _pool.Release(onB, SessionOutcome.Verified);
        var second = await LeaseOf(queued);
        await FailAsync(A);
        await FailAsync(A);
        _options.InstallFailuresBeforeRest = 1;
        _pool.Release(second, SessionOutcome.FailedToStart);

        var none = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.That(none.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(none.Data, Is.EquivalentTo(new Dictionary<string, object> { ["total"] = 2, ["usable"] = 0, ["busy"] = 0, ["resting"] = 2, ["queued"] = 0 }));
    }

    [Test]
    public async Task TheHealthCheck_IsHealthy_UnderTheSandbox()
    {
        _options.Gateway = Mt5GatewayKind.Sandbox;
        var check = new TerminalPoolHealthCheck(Mock.Of<IOptionsMonitor<Mt5Options>>(m => m.CurrentValue == _options), _pool);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(result.Description, Does.Contain("Sandbox"));
    }

    [Test]
    public async Task TheMetrics_CountTheQueue_TheInstalls_AndEachWait()
    {
        var measurements = new List<(string Name, double Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == _meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Outcome(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Outcome(tags))));
        listener.Start();

        var held = await HeldAsync([A]);
        var waiting = Acquire([A]);
        _time.Advance(TimeSpan.FromSeconds(3));
        listener.RecordObservableInstruments();
        _pool.Release(held, SessionOutcome.Verified);
        await LeaseOf(waiting);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(measurements, Does.Contain(("account_registry.verification.queue.length", 1d, (string?)null)));
            Assert.That(measurements, Does.Contain(("account_registry.terminals.busy", 1d, (string?)null)));
            Assert.That(measurements, Does.Contain(("account_registry.terminals.usable", 2d, (string?)null)));
            Assert.That(measurements, Does.Contain(("account_registry.verification.queue.wait", 0d, "acquired")));
            Assert.That(measurements, Does.Contain(("account_registry.verification.queue.wait", 3d, "acquired")));
            Assert.That(measurements, Does.Contain(("account_registry.terminal.session.duration", 3d, "verified")));
        }

        static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    return (string?)tag.Value;
                }
            }

            return null;
        }
    }

    private Task<TerminalTurn> Acquire(string[] terminals) => _pool.AcquireAsync(terminals, _stopping.Token, CancellationToken.None);

    private async Task<TerminalLease> HeldAsync(string[] terminals)
    {
        var turn = Acquire(terminals);
        Assert.That(turn.IsCompleted, Is.True, "a free install is taken at once");
        return await LeaseOf(turn);
    }

    private async Task FailAsync(string terminal) => _pool.Release(await HeldAsync([terminal]), SessionOutcome.FailedToStart);

    private static async Task<TerminalLease> LeaseOf(Task<TerminalTurn> turn)
    {
        var answer = await turn.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(answer.Lease, Is.Not.Null, answer.Refusal?.ToString());
        return answer.Lease!;
    }

    private static Mt5Verification.Unavailable RefusalOf(Task<TerminalTurn> turn)
    {
        Assert.That(turn.IsCompleted, Is.True, "answered without waiting");
        Assert.That(turn.Result.Refusal, Is.Not.Null);
        return turn.Result.Refusal!;
    }
}
