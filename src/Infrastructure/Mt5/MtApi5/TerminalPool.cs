using System.Diagnostics.Metrics;
using System.Globalization;
using AccountRegistry.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Hands out terminal installs to verifications, one terminal per install folder at a time, from
/// one queue in arrival order. A verification names the installs it may take (any of the pool, or
/// the one its mt5_path pins); a freed install goes to the first waiter that may take it, and a
/// newcomer takes a free one at once: a free, usable install never has a waiter that may take it.
/// <para>
/// The queue is bounded twice: by <c>Mt5:MaxQueueLength</c>, and by the wait it would mean: a
/// newcomer whose estimated wait (the waiters ahead that want the same installs, over those
/// installs, times the recent session time) is past <c>Mt5:QueueTimeoutSeconds</c> is refused at
/// once, with that estimate as its Retry-After, rather than waiting only to time out. Refusing does
/// no I/O: it is the answer a flood gets.
/// </para>
/// <para>
/// An install whose terminal fails to start <c>Mt5:InstallFailuresBeforeRest</c> times in a row
/// rests for <c>Mt5:InstallRestSeconds</c>; once back, a single failure rests it again. Waiting is
/// asynchronous, every state change happens under one lock, and each event walks the queue once.
/// </para>
/// </summary>
internal sealed partial class TerminalPool : IDisposable
{
    /// <summary>The meter every instrument of the service belongs to.</summary>
    public const string MeterName = "AccountRegistry";

    // How much one session moves the recent session time: about the last five count.
    private const double SessionWeight = 0.3;

    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    private readonly IOptionsMonitor<Mt5Options> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TerminalPool> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Install> _installs = new(TerminalPaths.Comparer);
    private readonly LinkedList<Waiter> _queue = new();
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _sessions;
    private double? _sessionSeconds;

    public TerminalPool(IOptionsMonitor<Mt5Options> options, TimeProvider time, IMeterFactory meters, ILogger<TerminalPool> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _options = options;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("account_registry.verification.queue.length", () => Snapshot().Queued,
            "{verification}", "Verifications waiting for a terminal install");
        meter.CreateObservableGauge("account_registry.terminals.busy", () => Snapshot().Busy,
            "{install}", "Terminal installs running a verification");
        meter.CreateObservableGauge("account_registry.terminals.usable", () => Snapshot().Usable,
            "{install}", "Terminal installs in rotation (not resting after failing to start)");
        _wait = meter.CreateHistogram<double>("account_registry.verification.queue.wait", "s",
            "How long a verification waited for a terminal install, by outcome");
        _sessions = meter.CreateHistogram<double>("account_registry.terminal.session.duration", "s",
            "How long a terminal session held its install, by outcome");
    }

    /// <summary>
    /// An install for one of <paramref name="terminals"/> (canonical paths), or why there is none.
    /// Throws <see cref="OperationCanceledException"/> only for <paramref name="cancellationToken"/>;
    /// <paramref name="stopping"/> (the service stopping) is answered with a refusal.
    /// </summary>
    public async Task<TerminalTurn> AcquireAsync(IReadOnlyList<string> terminals, CancellationToken stopping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = _options.CurrentValue;
        var queueTimeout = TimeSpan.FromSeconds(settings.QueueTimeoutSeconds);
        var arrived = _time.GetTimestamp();
        Waiter waiter;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Settle(now);
            if (stopping.IsCancellationRequested)
            {
                return Answered(arrived, WaitOutcome.Stopping, Stopped());
            }

            waiter = new Waiter(terminals, terminals.Select(Get).ToArray(), arrived);
            var usable = waiter.Installs.Where(install => !install.IsResting(now)).Distinct().ToList();
            if (usable.Count == 0)
            {
                return Answered(arrived, WaitOutcome.NoUsableTerminal, AllResting(waiter, now));
            }

            if (usable.Find(install => !install.Busy) is { } free)
            {
                return Answered(arrived, WaitOutcome.Acquired, new TerminalTurn(Grant(waiter, free), null));
            }

            // Only those ahead that want one of the same installs hold this one up.
            var ahead = _queue.Count(other => other.Installs.Any(usable.Contains));
            var estimate = _sessionSeconds is { } seconds
                ? TimeSpan.FromSeconds(Math.Ceiling((ahead + 1) / (double)usable.Count) * seconds)
                : (TimeSpan?)null;
            if (_queue.Count >= settings.MaxQueueLength)
            {
                return Answered(arrived, WaitOutcome.Full, new TerminalTurn(null, new Mt5Verification.Unavailable(
                    string.Create(CultureInfo.InvariantCulture, $"{_queue.Count} verifications are already waiting for a terminal install (Mt5:MaxQueueLength {settings.MaxQueueLength})"),
                    Mt5Unavailability.QueueFull, Clamp(estimate ?? queueTimeout))));
            }

            if (estimate > queueTimeout)
            {
                return Answered(arrived, WaitOutcome.Full, new TerminalTurn(null, new Mt5Verification.Unavailable(
                    string.Create(CultureInfo.InvariantCulture, $"The wait for a terminal install is estimated at {estimate.Value.TotalSeconds:0.#} s ({ahead} waiting ahead for {usable.Count} install(s)), past Mt5:QueueTimeoutSeconds {settings.QueueTimeoutSeconds}"),
                    Mt5Unavailability.QueueFull, Clamp(estimate.Value))));
            }

            waiter.Node = _queue.AddLast(waiter);
        }

        using var timeout = new CancellationTokenSource(queueTimeout, _time);
        TerminalTurn turn;
        await using (cancellationToken.Register(() => Abandon(waiter, WaitOutcome.Cancelled)).ConfigureAwait(false))
        await using (stopping.Register(() => Abandon(waiter, WaitOutcome.Stopping)).ConfigureAwait(false))
        await using (timeout.Token.Register(() => Abandon(waiter, WaitOutcome.Timeout)).ConfigureAwait(false))
        {
            turn = await waiter.Done.Task.ConfigureAwait(false);
        }

        // Granted or refused, never both: whichever came first under the lock decided.
        if (turn is { Lease: null, Refusal: null })
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return turn;
    }

    /// <summary>
    /// Gives the install back. <paramref name="outcome"/> says whether its terminal worked: a
    /// failure to start counts towards resting it, anything that reached the expert resets that.
    /// </summary>
    public void Release(TerminalLease lease, SessionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!lease.TryEnd())
        {
            return;
        }

        var held = _time.GetElapsedTime(lease.Started);
        _sessions.Record(held.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            SessionOutcome.Verified => "verified",
            SessionOutcome.Rejected => "rejected",
            SessionOutcome.FailedToStart => "failed_to_start",
            _ => "unavailable",
        }));
        var settings = _options.CurrentValue;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var install = lease.Install;
            install.Busy = false;
            // A session cut short says nothing about how long one takes.
            if (outcome != SessionOutcome.Cancelled)
            {
                _sessionSeconds = _sessionSeconds is { } recent
                    ? recent + (SessionWeight * (held.TotalSeconds - recent))
                    : held.TotalSeconds;
            }

            switch (outcome)
            {
                case SessionOutcome.FailedToStart:
                    install.Failures++;
                    if (install.Failures >= settings.InstallFailuresBeforeRest || install.OnProbation)
                    {
                        Rest(install, now, TimeSpan.FromSeconds(settings.InstallRestSeconds));
                    }

                    break;
                case SessionOutcome.Cancelled:
                    // Cut short by the caller or the service stopping: says nothing about the install.
                    break;
                default:
                    install.Failures = 0;
                    install.OnProbation = false;
                    break;
            }

            Settle(now);
            if (install.IsResting(now))
            {
                AnswerStranded(now);
            }
            else
            {
                Dispatch(install);
            }
        }
    }

    /// <summary>The installs as configured now, and the queue.</summary>
    public TerminalPoolState Snapshot()
    {
        var paths = TerminalPaths.For(_options.CurrentValue);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            int busy = 0, resting = 0, poolUsable = 0;
            foreach (var terminal in paths.Installs)
            {
                var install = _installs.GetValueOrDefault(TerminalPaths.Folder(terminal));
                busy += install?.Busy == true ? 1 : 0;
                resting += install?.IsResting(now) == true ? 1 : 0;
            }

            foreach (var terminal in paths.Pool)
            {
                poolUsable += _installs.GetValueOrDefault(TerminalPaths.Folder(terminal))?.IsResting(now) == true ? 0 : 1;
            }

            return new TerminalPoolState(paths.Installs.Count, paths.Installs.Count - resting, busy, resting, _queue.Count, paths.Pool.Count, poolUsable);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var install in _installs.Values)
            {
                install.Timer?.Dispose();
                install.Timer = null;
            }
        }
    }

    private Install Get(string terminal)
    {
        var folder = TerminalPaths.Folder(terminal);
        if (!_installs.TryGetValue(folder, out var install))
        {
            install = new Install(folder);
            _installs.Add(folder, install);
        }

        return install;
    }

    private TerminalLease Grant(Waiter waiter, Install install)
    {
        install.Busy = true;
        var terminal = waiter.Terminals[Array.IndexOf(waiter.Installs, install)];
        return new TerminalLease(terminal, install, _time.GetTimestamp());
    }

    /// <summary>Gives a free, usable install to the first waiter that may take it.</summary>
    private void Dispatch(Install install)
    {
        if (install.Busy)
        {
            return;
        }

        for (var node = _queue.First; node is not null; node = node.Next)
        {
            var waiter = node.Value;
            if (Array.IndexOf(waiter.Installs, install) >= 0)
            {
                Remove(waiter);
                Complete(waiter, WaitOutcome.Acquired, new TerminalTurn(Grant(waiter, install), null));
                return;
            }
        }
    }

    /// <summary>Answers at once the waiters every install of which is resting, instead of letting them time out.</summary>
    private void AnswerStranded(DateTimeOffset now)
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            var waiter = node.Value;
            if (waiter.Installs.All(install => install.IsResting(now)))
            {
                Remove(waiter);
                Complete(waiter, WaitOutcome.NoUsableTerminal, AllResting(waiter, now));
            }

            node = next;
        }
    }

    /// <summary>Brings back the installs whose rest is over, giving each to its first waiter.</summary>
    private void Settle(DateTimeOffset now)
    {
        foreach (var install in _installs.Values)
        {
            if (install.RestUntil is { } until && until <= now)
            {
                install.RestUntil = null;
                install.OnProbation = true;
                install.Failures = 0;
                install.Timer?.Dispose();
                install.Timer = null;
                LogBack(install.Folder);
                if (!install.Busy)
                {
                    Dispatch(install);
                }
            }
        }
    }

    private void Rest(Install install, DateTimeOffset now, TimeSpan rest)
    {
        install.RestUntil = now + rest;
        install.Timer?.Dispose();
        install.Timer = _time.CreateTimer(static state => ((TerminalPool)state!).OnRestOver(), this, rest, Timeout.InfiniteTimeSpan);
        LogResting(install.Folder, install.Failures, install.RestUntil.Value);
    }

    private void OnRestOver()
    {
        lock (_gate)
        {
            Settle(_time.GetUtcNow());
        }
    }

    private void Abandon(Waiter waiter, WaitOutcome outcome)
    {
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return;
            }

            Remove(waiter);
            var settings = _options.CurrentValue;
            Complete(waiter, outcome, outcome switch
            {
                WaitOutcome.Stopping => Stopped(),
                WaitOutcome.Timeout => new TerminalTurn(null, new Mt5Verification.Unavailable(
                    string.Create(CultureInfo.InvariantCulture, $"Every terminal install the request may use stayed busy with other verifications for {settings.QueueTimeoutSeconds} s"),
                    Mt5Unavailability.QueueTimeout, Clamp(EstimateFor(waiter) ?? TimeSpan.FromSeconds(settings.QueueTimeoutSeconds)))),
                _ => default,
            });
        }
    }

    /// <summary>What a waiter at the back of the queue for the same installs would wait now, when there is a recent session time.</summary>
    private TimeSpan? EstimateFor(Waiter waiter)
    {
        var now = _time.GetUtcNow();
        var usable = waiter.Installs.Where(install => !install.IsResting(now)).Distinct().ToList();
        if (_sessionSeconds is not { } seconds || usable.Count == 0)
        {
            return null;
        }

        var waiting = _queue.Count(other => other.Installs.Any(usable.Contains));
        return TimeSpan.FromSeconds(Math.Ceiling((waiting + 1) / (double)usable.Count) * seconds);
    }

    private void Remove(Waiter waiter)
    {
        _queue.Remove(waiter.Node!);
        waiter.Node = null;
    }

    private void Complete(Waiter waiter, WaitOutcome outcome, TerminalTurn turn)
    {
        Record(waiter.Arrived, outcome);
        waiter.Done.TrySetResult(turn);
    }

    private TerminalTurn Answered(long arrived, WaitOutcome outcome, TerminalTurn turn)
    {
        Record(arrived, outcome);
        return turn;
    }

    private void Record(long arrived, WaitOutcome outcome) =>
        _wait.Record(_time.GetElapsedTime(arrived).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            WaitOutcome.Acquired => "acquired",
            WaitOutcome.Full => "full",
            WaitOutcome.Timeout => "timeout",
            WaitOutcome.NoUsableTerminal => "no_usable_terminal",
            WaitOutcome.Stopping => "stopping",
            _ => "cancelled",
        }));

    private static TerminalTurn Stopped() =>
        new(null, new Mt5Verification.Unavailable("The service is stopping", Mt5Unavailability.ServiceStopping));

    private static TerminalTurn AllResting(Waiter waiter, DateTimeOffset now)
    {
        var back = waiter.Installs.Min(install => install.RestUntil ?? now);
        return new TerminalTurn(null, new Mt5Verification.Unavailable(
            string.Create(CultureInfo.InvariantCulture, $"Every terminal install the request may use is out of rotation after failing to start, until {back:O}"),
            Mt5Unavailability.NoUsableTerminal, Clamp(back - now)));
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < MinRetryAfter ? MinRetryAfter : wait > MaxRetryAfter ? MaxRetryAfter : wait;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The terminal install {Install} failed to start {Failures} time(s) in a row: out of rotation until {Until:O}")]
    private partial void LogResting(string install, int failures, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "The terminal install {Install} is back in rotation")]
    private partial void LogBack(string install);

    private enum WaitOutcome
    {
        Acquired,
        Full,
        Timeout,
        NoUsableTerminal,
        Stopping,
        Cancelled,
    }

    /// <summary>One install folder's state; only touched under the pool's lock.</summary>
    internal sealed class Install(string folder)
    {
        public string Folder { get; } = folder;

        public bool Busy { get; set; }

        public int Failures { get; set; }

        /// <summary>Back from a rest: one more failure to start rests it again.</summary>
        public bool OnProbation { get; set; }

        public DateTimeOffset? RestUntil { get; set; }

        public ITimer? Timer { get; set; }

        public bool IsResting(DateTimeOffset now) => RestUntil > now;
    }

    private sealed class Waiter(IReadOnlyList<string> terminals, Install[] installs, long arrived)
    {
        public IReadOnlyList<string> Terminals { get; } = terminals;

        public Install[] Installs { get; } = installs;

        public long Arrived { get; } = arrived;

        public TaskCompletionSource<TerminalTurn> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in the queue; null once it has left it (granted, refused or abandoned).</summary>
        public LinkedListNode<Waiter>? Node { get; set; }
    }
}

/// <summary>An install held by one verification; given back with <see cref="TerminalPool.Release"/>, once.</summary>
internal sealed class TerminalLease(string terminal, TerminalPool.Install install, long started)
{
    private int _ended;

    /// <summary>The terminal to run (canonical).</summary>
    public string Terminal { get; } = terminal;

    internal TerminalPool.Install Install { get; } = install;

    internal long Started { get; } = started;

    internal bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}

/// <summary>The pool's answer: an install (<see cref="Lease"/>), or why there is none (<see cref="Refusal"/>).</summary>
internal readonly record struct TerminalTurn(TerminalLease? Lease, Mt5Verification.Unavailable? Refusal);

/// <summary>How a terminal session ended, as far as its install is concerned.</summary>
internal enum SessionOutcome
{
    /// <summary>Logged in as asked.</summary>
    Verified,

    /// <summary>The server (or the journal) refused the login.</summary>
    Rejected,

    /// <summary>The terminal worked (its expert answered) but gave no verdict: a silent server, a broken report.</summary>
    Unavailable,

    /// <summary>Launching threw, the terminal exited before a verdict, or its expert never answered.</summary>
    FailedToStart,

    /// <summary>Cut short by the caller or the service stopping.</summary>
    Cancelled,
}

/// <summary>The installs as configured, and the queue.</summary>
/// <param name="Total">Configured installs (the pool and those only a pinned request uses), one per folder.</param>
/// <param name="Usable">Those not resting.</param>
/// <param name="Busy">Those running a verification.</param>
/// <param name="Resting">Those out of rotation after failing to start.</param>
/// <param name="Queued">Verifications waiting for an install.</param>
/// <param name="Pool">Installs a request with an empty mt5_path may take.</param>
/// <param name="PoolUsable">Those of the pool not resting.</param>
internal readonly record struct TerminalPoolState(int Total, int Usable, int Busy, int Resting, int Queued, int Pool, int PoolUsable);
