namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// A text-message channel to the expert: a WebSocket in production, an in-process fake in tests.
/// One message is one WebSocket text frame.
/// </summary>
internal interface IMtApi5Transport : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken);

    Task SendAsync(string message, CancellationToken cancellationToken);

    /// <summary>The next message, or null when the server closed the connection.</summary>
    Task<string?> ReceiveAsync(CancellationToken cancellationToken);
}
