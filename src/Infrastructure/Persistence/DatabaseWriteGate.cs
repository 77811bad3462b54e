using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// Lets one write at a time into the database, waiting asynchronously.
/// <para>
/// SQLite has a single writer. When two writers meet, Microsoft.Data.Sqlite retries the loser
/// with <c>Thread.Sleep</c>, which holds a thread-pool thread for each wait. Under load that was
/// most of the time a registration took. Writers of this process therefore queue here, holding no
/// thread, and SQLite never sees them collide.
/// </para>
/// <para>
/// It is taken in one place: <see cref="AccountRegistryDbContext"/> enters it around every
/// <c>SaveChanges</c> and every bulk write (<see cref="AccountRegistryDbContext.BulkWriteAsync"/>),
/// so no store takes it by hand. The context finds it among the application's services (<see cref="WriteGateOptions.WriteGate"/>).
/// </para>
/// <para>SQL Server has no such limit, so it gets the open gate.</para>
/// </summary>
internal class DatabaseWriteGate
{
    /// <summary>The gate that never waits.</summary>
    public static readonly DatabaseWriteGate Open = new();

    public virtual ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(Nothing.Instance);

    public virtual IDisposable Enter() => Nothing.Instance;

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

    public override IDisposable Enter()
    {
        _writer.Wait();
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

internal static class WriteGateOptions
{
    /// <summary>
    /// The gate of contexts built with <paramref name="options"/>: the service's own (a singleton,
    /// registered for SQLite only), or the open gate when there is none.
    /// </summary>
    /// <remarks>
    /// It is looked up in the application's services rather than carried by an options extension of
    /// its own: an extension would give these contexts an EF service provider, and so a model,
    /// apart from contexts built without it, and the stores' compiled queries work with one model only.
    /// </remarks>
    public static DatabaseWriteGate WriteGate(this DbContextOptions options) =>
        options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<DatabaseWriteGate>() ?? DatabaseWriteGate.Open;
}
