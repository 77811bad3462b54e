using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AccountRegistry.WebApi.FunctionalTests.Observability;

/// <summary>
/// A stand-in for an OpenTelemetry collector on 127.0.0.1: takes every OTLP/HTTP export (a POST of
/// protobuf), keeps its path and body, and answers 200 with an empty export response.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        }

        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Each export received: its path and its body.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    /// <summary>
    /// Waits (up to a generous minute) until the bodies exported to <paramref name="path"/> that
    /// pass <paramref name="belongs"/> pass <paramref name="complete"/> together, and gives them:
    /// a trace's spans may come in several batches.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> WaitForAsync(string path, Func<byte[], bool> belongs, Func<IReadOnlyList<byte[]>, bool> complete)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var bodies = Exports.Where(export => export.Path == path && belongs(export.Body)).Select(export => export.Body).ToList();
            if (complete(bodies))
            {
                return bodies;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No complete export to {path} within a minute; received: {string.Join(", ", Exports.Select(e => $"{e.Path} ({e.Body.Length} bytes)"))}");
        return [];
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The listener's closing ends its last GetContextAsync with an exception.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
