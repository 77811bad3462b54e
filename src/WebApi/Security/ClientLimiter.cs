using System.Threading.RateLimiting;

namespace AccountRegistry.WebApi.Security;

/// <summary>
/// One client's limiter: at most <c>permitsPerWindow</c> requests in a fixed window that starts
/// with the client's first request, and optionally at most <c>maxConcurrent</c> at once. A refusal
/// says exactly how long to wait: the time left in the window (rounded up to whole seconds by the
/// caller), not the window's length. Never queues: a refused request is answered at once.
/// </summary>
internal sealed class ClientLimiter : RateLimiter
{
    /// <summary>The wait suggested when the window has room but too many requests are running.</summary>
    internal static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromSeconds(5);

    private readonly int _permitsPerWindow;
    private readonly TimeSpan _window;
    private readonly int _maxConcurrent;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private long _windowStart;
    private int _used;
    private int _running;
    private long _idleSince;

    /// <param name="permitsPerWindow">Requests per window; 0 for no window limit.</param>
    /// <param name="window">The window's length.</param>
    /// <param name="maxConcurrent">Requests at once; 0 for no such limit.</param>
    /// <param name="clock">The time.</param>
    public ClientLimiter(int permitsPerWindow, TimeSpan window, int maxConcurrent, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitsPerWindow);
        ArgumentOutOfRangeException.ThrowIfNegative(maxConcurrent);
        _permitsPerWindow = permitsPerWindow;
        _window = window;
        _maxConcurrent = maxConcurrent;
        _clock = clock;
        _windowStart = long.MinValue;
        _idleSince = clock.GetTimestamp();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                // Forgotten only once nothing runs and its window is over: dropping it sooner would reset the count.
                return _running == 0 && !WindowOpen(_clock.GetTimestamp()) ? _clock.GetElapsedTime(_idleSince) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _permitsPerWindow == 0 ? long.MaxValue : _permitsPerWindow - (WindowOpen(_clock.GetTimestamp()) ? _used : 0),
            };
        }
    }

    /// <summary>With <paramref name="permitCount"/> 0, asks whether a request would be let in, and takes nothing.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var open = WindowOpen(now);
            if (!open && permitCount > 0)
            {
                // A probe starts no window; the first request taken does.
                _windowStart = now;
                _used = 0;
                open = true;
            }

            if (_permitsPerWindow > 0 && (open ? _used : 0) + Math.Max(permitCount, 1) > _permitsPerWindow)
            {
                var left = _window - _clock.GetElapsedTime(_windowStart, now);
                return new Refused(left, "Too many requests from this address");
            }

            if (_maxConcurrent > 0 && _running + Math.Max(permitCount, 1) > _maxConcurrent)
            {
                return new Refused(ConcurrencyRetryAfter, "Too many requests from this address are in progress");
            }

            if (permitCount == 0)
            {
                return Granted.Probe;
            }

            _used += permitCount;
            _running += permitCount;
            return new Granted(this, permitCount);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private bool WindowOpen(long now) =>
        _windowStart != long.MinValue && _clock.GetElapsedTime(_windowStart, now) < _window;

    private void Return(int permits)
    {
        lock (_gate)
        {
            _running -= permits;
            if (_running == 0)
            {
                _idleSince = _clock.GetTimestamp();
            }
        }
    }

    private sealed class Granted(ClientLimiter? owner, int permits) : RateLimitLease
    {
        public static readonly Granted Probe = new(null, 0);

        private ClientLimiter? _owner = owner;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Interlocked.Exchange(ref _owner, null)?.Return(permits);
            base.Dispose(disposing);
        }
    }

    private sealed class Refused(TimeSpan retryAfter, string reason) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : null;
            return metadata is not null;
        }
    }
}
