using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.Infrastructure.IntegrationTests.TestSupport;

/// <summary>A logger that is on at every level, Trace included, and keeps each entry as text: message, values and exception.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        Entries.Enqueue((logLevel, $"{formatter(state, exception)} {values} {exception}"));
    }
}
