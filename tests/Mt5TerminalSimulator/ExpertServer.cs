using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mt5TerminalSimulator;

/// <summary>
/// The MtApi5 expert's WebSocket listener: Kestrel on 127.0.0.1:{port}, accepting a WebSocket on
/// any path (the real server does not check it). Plain HTTP requests get 400.
/// </summary>
internal sealed class ExpertServer : IAsyncDisposable
{
    private const int MaxMessageBytes = 1024 * 1024;

    private readonly WebApplication app;
    private readonly Func<ProtocolSession> sessionFactory;
    private readonly CancellationToken stopping;
    private int connectionCount;

    private ExpertServer(int port, Func<ProtocolSession> sessionFactory, CancellationToken stopping)
    {
        this.sessionFactory = sessionFactory;
        this.stopping = stopping;

        // The empty builder reads no appsettings.json and no ASPNETCORE_* variables, logs nothing and
        // writes no file: the only endpoint is the one below.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));

        this.app = builder.Build();
        this.app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        this.app.Run(this.HandleRequestAsync);
    }

    /// <summary>Starts listening; throws (e.g. IOException) when the port cannot be bound.</summary>
    public static async Task<ExpertServer> StartAsync(
        int port,
        Func<ProtocolSession> sessionFactory,
        CancellationToken stopping)
    {
        var server = new ExpertServer(port, sessionFactory, stopping);
        try
        {
            await server.app.StartAsync(stopping).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await this.app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            // Never started, or shutdown timed out: disposing below releases everything.
        }

        await this.app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleRequestAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("MtApi5 (simulated): WebSocket connections only\n", context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        var number = Interlocked.Increment(ref this.connectionCount);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(this.stopping, context.RequestAborted);
        Program.Trace($"connection #{number} opened from {context.Connection.RemoteIpAddress}:{context.Connection.RemotePort} path '{context.Request.Path}'");
        try
        {
            await RunSessionAsync(socket, this.sessionFactory(), number, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            socket.Abort();
        }
        catch (WebSocketException ex)
        {
            Program.Trace($"connection #{number}: {ex.Message}");
        }

        Program.Trace($"connection #{number} closed");
    }

    private static async Task RunSessionAsync(WebSocket socket, ProtocolSession session, int number, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken)
                        .ConfigureAwait(false);
                }

                return;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxMessageBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken)
                    .ConfigureAwait(false);
                return;
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = message.ToArray();
            message.SetLength(0);
            if (result.MessageType != WebSocketMessageType.Text)
            {
                Program.Trace($"#{number} ignored a binary frame ({bytes.Length} bytes): the protocol uses text frames");
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            Program.Trace($"#{number} <- {text}");
            var reply = session.OnMessage(text);
            if (reply is null)
            {
                continue;
            }

            Program.Trace($"#{number} -> {reply}");
            await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The program handles SIGTERM / Ctrl+C itself; the host must not.</summary>
    private sealed class ManualLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
