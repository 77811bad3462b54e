using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>Timeouts of an <see cref="MtApi5Client"/>.</summary>
/// <param name="ConnectTimeout">For opening the socket and the ClientReady / expert-list handshake together.</param>
/// <param name="CommandTimeout">For each command's response.</param>
internal sealed record MtApi5ClientOptions(TimeSpan ConnectTimeout, TimeSpan CommandTimeout)
{
    public static MtApi5ClientOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}

/// <summary>
/// A client of the MtApi5 v2 expert, for the commands verification needs. Commands carry ids and
/// are matched to their responses by id, so several may be in flight; events and expert added or
/// removed messages are tolerated. Unlike the official client it has a connect timeout and honours
/// cancellation everywhere.
/// </summary>
internal sealed class MtApi5Client : IAsyncDisposable
{
    private readonly IMtApi5Transport _transport;
    private readonly TimeSpan _commandTimeout;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _pending = new();
    private readonly TaskCompletionSource<IReadOnlyList<int>> _experts = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _lastCommandId = -1;
    private volatile Exception? _fault;

    private MtApi5Client(IMtApi5Transport transport, TimeSpan commandTimeout)
    {
        _transport = transport;
        _commandTimeout = commandTimeout;
    }

    /// <summary>The expert the commands go to: the first of the list the server sent.</summary>
    public int ExpertHandle { get; private set; }

    /// <summary>
    /// Opens the socket, sends ClientReady and waits for the expert list. Throws
    /// <see cref="MtApi5TimeoutException"/> past the connect timeout, <see cref="MtApi5ConnectionException"/>
    /// when the socket cannot be opened or no expert is attached.
    /// </summary>
    public static async Task<MtApi5Client> ConnectAsync(
        IMtApi5Transport transport, Uri uri, MtApi5ClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        var client = new MtApi5Client(transport, options.CommandTimeout);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshake.CancelAfter(options.ConnectTimeout);
        try
        {
            try
            {
                await transport.ConnectAsync(uri, handshake.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or HttpRequestException or IOException)
            {
                throw new MtApi5ConnectionException($"Could not open the MtApi5 socket at {uri}: {exception.Message}", exception);
            }

            client._receiving = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            await client.SendAsync(MtApi5Protocol.ClientReady, handshake.Token).ConfigureAwait(false);
            var experts = await client._experts.Task.WaitAsync(handshake.Token).ConfigureAwait(false);
            if (experts.Count == 0)
            {
                throw new MtApi5ConnectionException("The terminal answered with an empty expert list: no MtApi5 expert is attached.");
            }

            client.ExpertHandle = experts[0];
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new MtApi5TimeoutException(
                $"No MtApi5 handshake at {uri} within {options.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<long> AccountInfoIntegerAsync(AccountInteger property, CancellationToken cancellationToken) =>
        ReadInteger(await SendCommandAsync(MtApi5Command.AccountInfoInteger, PropertyPayload((int)property), cancellationToken).ConfigureAwait(false));

    public async Task<string> AccountInfoStringAsync(AccountString property, CancellationToken cancellationToken) =>
        ReadString(await SendCommandAsync(MtApi5Command.AccountInfoString, PropertyPayload((int)property), cancellationToken).ConfigureAwait(false));

    public async Task<long> TerminalInfoIntegerAsync(TerminalInteger property, CancellationToken cancellationToken) =>
        ReadInteger(await SendCommandAsync(MtApi5Command.TerminalInfoInteger, PropertyPayload((int)property), cancellationToken).ConfigureAwait(false));

    /// <summary>How many symbols the server has (<paramref name="selected"/> false) or Market Watch shows (true).</summary>
    public async Task<int> SymbolsTotalAsync(bool selected, CancellationToken cancellationToken) =>
        checked((int)ReadInteger(await SendCommandAsync(
            MtApi5Command.SymbolsTotal, $"{{\"Selected\":{(selected ? "true" : "false")}}}", cancellationToken).ConfigureAwait(false)));

    public async Task<string> SymbolNameAsync(int position, bool selected, CancellationToken cancellationToken) =>
        ReadString(await SendCommandAsync(
            MtApi5Command.SymbolName,
            string.Create(CultureInfo.InvariantCulture, $"{{\"Pos\":{position},\"Selected\":{(selected ? "true" : "false")}}}"),
            cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Sends a command and waits for its response. Returns the response's Value (null for a void
    /// command); throws <see cref="MtApi5CommandException"/> for an error response,
    /// <see cref="MtApi5TimeoutException"/> past the command timeout, and
    /// <see cref="MtApi5ConnectionException"/> when the connection is gone.
    /// </summary>
    public async Task<JsonElement?> SendCommandAsync(MtApi5Command command, string payloadJson, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var id = Interlocked.Increment(ref _lastCommandId);
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        try
        {
            // The loop may have failed between the check and the registration; then nobody would answer.
            if (_fault is { } fault)
            {
                response.TrySetException(fault);
            }

            await SendAsync(MtApi5Protocol.FormatCommand(ExpertHandle, id, command, payloadJson), cancellationToken).ConfigureAwait(false);
            string json;
            try
            {
                json = await response.Task.WaitAsync(_commandTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new MtApi5TimeoutException(
                    $"{command} got no answer within {_commandTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            }

            return ParseResult(command, json);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        Fail(new MtApi5ConnectionException("The MtApi5 client was closed."));
        await _transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _receiving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends with the close.
        }

        _closing.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            string? frame;
            try
            {
                frame = await _transport.ReceiveAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Fail(exception as MtApi5Exception ?? new MtApi5ConnectionException($"The MtApi5 connection failed: {exception.Message}", exception));
                return;
            }

            if (frame is null)
            {
                Fail(new MtApi5ConnectionException("The terminal closed the MtApi5 connection."));
                return;
            }

            MtApi5Message message;
            try
            {
                message = MtApi5Protocol.Parse(frame);
            }
            catch (MtApi5ProtocolException exception)
            {
                Fail(exception);
                return;
            }

            switch (message)
            {
                case MtApi5Message.Response response:
                    // A response to a command that timed out finds nobody waiting, and is dropped.
                    if (_pending.TryGetValue(response.CommandId, out var waiting))
                    {
                        waiting.TrySetResult(response.Json);
                    }

                    break;
                case MtApi5Message.ExpertList list:
                    _experts.TrySetResult(list.Handles);
                    break;
                case MtApi5Message.ExpertRemoved removed when _experts.Task.IsCompletedSuccessfully && removed.ExpertHandle == ExpertHandle:
                    Fail(new MtApi5ConnectionException("The MtApi5 expert was removed from the terminal."));
                    return;
                default:
                    // Events, other experts coming and going: nothing verification waits for.
                    break;
            }
        }
    }

    private void Fail(Exception fault)
    {
        _fault ??= fault;
        _experts.TrySetException(fault);
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(fault);
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw fault is MtApi5Exception known
                ? new MtApi5ConnectionException(known.Message, known)
                : new MtApi5ConnectionException("The MtApi5 connection is closed.", fault);
        }
    }

    private async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        // A WebSocket takes one send at a time.
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            throw new MtApi5ConnectionException($"Could not send to the MtApi5 expert: {exception.Message}", exception);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static string PropertyPayload(int propertyId) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"PropertyId\":{propertyId}}}");

    // Success is {"ErrorCode":"0","Value":...} (a string code); failure {"ErrorCode":-1,"ErrorMessage":"..."} (a number).
    private static JsonElement? ParseResult(MtApi5Command command, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ErrorCode", out var code))
            {
                throw new MtApi5ProtocolException($"The response to {command} has no ErrorCode.");
            }

            var errorCode = code.ValueKind switch
            {
                JsonValueKind.Number when code.TryGetInt32(out var number) => number,
                JsonValueKind.String when int.TryParse(code.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
                _ => throw new MtApi5ProtocolException($"The response to {command} has an ErrorCode that is not an integer."),
            };
            if (errorCode != 0)
            {
                var text = root.TryGetProperty("ErrorMessage", out var message) && message.ValueKind == JsonValueKind.String
                    ? message.GetString() ?? string.Empty
                    : string.Empty;
                throw new MtApi5CommandException(errorCode, text);
            }

            return root.TryGetProperty("Value", out var value) ? value.Clone() : null;
        }
        catch (JsonException exception)
        {
            throw new MtApi5ProtocolException($"The response to {command} is not JSON.", exception);
        }
    }

    private static long ReadInteger(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var integer) => integer,
        { ValueKind: JsonValueKind.String } text when long.TryParse(text.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => integer,
        { ValueKind: JsonValueKind.True } => 1,
        { ValueKind: JsonValueKind.False } => 0,
        _ => throw new MtApi5ProtocolException("Expected an integer Value."),
    };

    private static string ReadString(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString() ?? string.Empty,
        { ValueKind: JsonValueKind.Null } or null => string.Empty,
        _ => throw new MtApi5ProtocolException("Expected a string Value."),
    };
}
