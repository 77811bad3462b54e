using System.Threading.Channels;
using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>An in-process stand-in for the WebSocket: the test plays the expert with literal protocol strings.</summary>
internal sealed class FakeTransport : IMtApi5Transport
{
    private readonly Channel<string?> _toClient = Channel.CreateUnbounded<string?>();
    private readonly Channel<string> _fromClient = Channel.CreateUnbounded<string>();

    public Exception? ConnectFailure { get; init; }

    /// <summary>When set, connecting waits for it (a server that never accepts).</summary>
    public TaskCompletionSource? ConnectGate { get; init; }

    public Uri? ConnectedTo { get; private set; }

    public bool Disposed { get; private set; }

    public async Task ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (ConnectFailure is not null)
        {
            throw ConnectFailure;
        }

        if (ConnectGate is not null)
        {
            await ConnectGate.Task.WaitAsync(cancellationToken);
        }

        ConnectedTo = uri;
    }

    public Task SendAsync(string message, CancellationToken cancellationToken)
    {
        _fromClient.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken) =>
        await _toClient.Reader.ReadAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>The expert sends a frame.</summary>
    public void Send(string frame) => _toClient.Writer.TryWrite(frame);

    /// <summary>The expert closes the connection.</summary>
    public void Close() => _toClient.Writer.TryWrite(null);

    /// <summary>The next frame the client sent.</summary>
    public async Task<string> ReceivedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _fromClient.Reader.ReadAsync(timeout.Token);
    }
}
