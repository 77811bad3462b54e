namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// Lets one write at a time into the database, waiting asynchronously.
/// <para>
/// SQLite has a single writer. When two writers meet, Microsoft.Data.Sqlite retries the loser
/// with <c>Thread.Sleep</c>, which holds a thread-pool thread for each wait. Under load that was
/// most of the time a registration took. Writers of this process therefore queue here, holding no
/// thread, and SQLite never sees them collide.
/// </para>
/// <para>SQL Server has no such limit, so it gets the open gate.</para>
/// </summary>
internal class DatabaseWriteGate
{
    /// <summary>The gate that never waits.</summary>
    public static readonly DatabaseWriteGate Open = new();

    public virtual ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(Nothing.Instance);

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>The one-writer-at-a-time gate of the SQLite provider.</summary>
internal sealed class SingleWriterGate : DatabaseWriteGate, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public override async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(_writer);
    }

    public void Dispose() => _writer.Dispose();

    private sealed class Release(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}
