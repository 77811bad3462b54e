using System.Globalization;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// The MtApi5 v2 wire protocol (see shared/MT5.md): one WebSocket text frame is one message, fields
/// separated by ';', the first field the message type.
/// </summary>
internal static class MtApi5Protocol
{
    public const char Separator = ';';

    /// <summary>The client's notification that it is ready: <c>6;0</c>. The server answers with the expert list.</summary>
    public const string ClientReady = "6;0";

    /// <summary>
    /// <c>0;{expertHandle};{commandId};{commandType};{payloadJson}</c>. The server stops reading the
    /// payload at the first ';', so a payload that holds one would be cut short: refused here.
    /// </summary>
    public static string FormatCommand(int expertHandle, int commandId, MtApi5Command command, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        if (payloadJson.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException("An MtApi5 command payload must not contain ';'.", nameof(payloadJson));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{(int)MtApi5MessageType.Command};{expertHandle};{commandId};{(int)command};{payloadJson}");
    }

    /// <summary>Parses a message from the server. Throws <see cref="MtApi5ProtocolException"/> on a malformed one.</summary>
    public static MtApi5Message Parse(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var typeEnd = frame.IndexOf(Separator, StringComparison.Ordinal);
        var typeText = typeEnd < 0 ? frame : frame[..typeEnd];
        var rest = typeEnd < 0 ? string.Empty : frame[(typeEnd + 1)..];
        if (!int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type))
        {
            throw Malformed(frame, "no message type");
        }

        switch ((MtApi5MessageType)type)
        {
            case MtApi5MessageType.Response:
            {
                // At most 4 fields: the JSON may itself hold ';'.
                var parts = rest.Split(Separator, 3);
                if (parts.Length != 3 || !TryParseInt(parts[0], out var handle) || !TryParseInt(parts[1], out var id))
                {
                    throw Malformed(frame, "a response needs a handle, a command id and a body");
                }

                return new MtApi5Message.Response(handle, id, parts[2]);
            }

            case MtApi5MessageType.Event:
            {
                var parts = rest.Split(Separator, 3);
                if (parts.Length != 3 || !TryParseInt(parts[0], out var handle) || !TryParseInt(parts[1], out var eventType))
                {
                    throw Malformed(frame, "an event needs a handle, an event type and a body");
                }

                return new MtApi5Message.Event(handle, eventType, parts[2]);
            }

            case MtApi5MessageType.ExpertList:
            {
                var handles = new List<int>();
                foreach (var part in rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!TryParseInt(part, out var handle))
                    {
                        throw Malformed(frame, "an expert handle is not an integer");
                    }

                    handles.Add(handle);
                }

                return new MtApi5Message.ExpertList(handles);
            }

            case MtApi5MessageType.ExpertAdded or MtApi5MessageType.ExpertRemoved:
            {
                if (!TryParseInt(rest, out var handle))
                {
                    throw Malformed(frame, "an expert handle is not an integer");
                }

                return type == (int)MtApi5MessageType.ExpertAdded
                    ? new MtApi5Message.ExpertAdded(handle)
                    : new MtApi5Message.ExpertRemoved(handle);
            }

            default:
                // Commands and notifications go from client to server; anything else is unknown.
                return new MtApi5Message.Other(type, rest);
        }
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    // The frame is quoted only in part: it never holds a secret, but it may be long.
    private static MtApi5ProtocolException Malformed(string frame, string why) =>
        new($"Malformed MtApi5 message ({why}): '{(frame.Length > 80 ? frame[..80] + "..." : frame)}'");
}

internal enum MtApi5MessageType
{
    Command = 0,
    Response = 1,
    Event = 2,
    ExpertList = 3,
    ExpertAdded = 4,
    ExpertRemoved = 5,
    Notification = 6,
}

/// <summary>The command numbers verification uses (MtApi5's Mt5CommandType).</summary>
internal enum MtApi5Command
{
    GetQuote = 1,
    AccountInfoDouble = 32,
    AccountInfoInteger = 33,
    AccountInfoString = 34,
    SymbolsTotal = 50,
    SymbolName = 51,
    IsTesting = 67,
    TerminalInfoString = 153,
    TerminalInfoInteger = 204,
}

/// <summary>ENUM_ACCOUNT_INFO_INTEGER ids.</summary>
internal enum AccountInteger
{
    Login = 0,
    TradeMode = 32,
    TradeAllowed = 33,
    TradeExpert = 34,
}

/// <summary>ENUM_ACCOUNT_INFO_STRING ids.</summary>
internal enum AccountString
{
    Name = 1,
    Company = 2,
    Server = 3,
    Currency = 36,
}

/// <summary>ENUM_TERMINAL_INFO_INTEGER ids.</summary>
internal enum TerminalInteger
{
    Build = 5,
    Connected = 6,
    TradeAllowed = 8,
}

/// <summary>A message from the server.</summary>
internal abstract record MtApi5Message
{
    private MtApi5Message()
    {
    }

    /// <summary><c>1;{handle};{commandId};{json}</c>.</summary>
    public sealed record Response(int ExpertHandle, int CommandId, string Json) : MtApi5Message;

    /// <summary><c>2;{handle};{eventType};{json}</c>, broadcast.</summary>
    public sealed record Event(int ExpertHandle, int EventType, string Json) : MtApi5Message;

    /// <summary><c>3;{h1},{h2},...</c>: the experts attached; empty when none is.</summary>
    public sealed record ExpertList(IReadOnlyList<int> Handles) : MtApi5Message;

    /// <summary><c>4;{h}</c>.</summary>
    public sealed record ExpertAdded(int ExpertHandle) : MtApi5Message;

    /// <summary><c>5;{h}</c>.</summary>
    public sealed record ExpertRemoved(int ExpertHandle) : MtApi5Message;

    /// <summary>A message type the client does not use; tolerated.</summary>
    public sealed record Other(int Type, string Body) : MtApi5Message;
}
