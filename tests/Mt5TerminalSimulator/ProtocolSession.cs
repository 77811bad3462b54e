using System.Globalization;

namespace Mt5TerminalSimulator;

/// <summary>How the expert side answers (see the behaviours in README.md).</summary>
internal enum ExpertMode
{
    /// <summary>One expert; answers ClientReady and commands.</summary>
    Normal,

    /// <summary>Accepts connections, never sends anything.</summary>
    Silent,

    /// <summary>Answers ClientReady with <c>3;</c>; every command gets an error response.</summary>
    EmptyExperts,
}

/// <summary>
/// The MtApi5 v2 protocol for one WebSocket connection: turns one received text message into the
/// message to send back, if any.
/// </summary>
internal sealed class ProtocolSession
{
    private readonly ExpertMode mode;
    private readonly int expertHandle;
    private readonly CommandProcessor processor;

    public ProtocolSession(ExpertMode mode, int expertHandle, CommandProcessor processor)
    {
        this.mode = mode;
        this.expertHandle = expertHandle;
        this.processor = processor;
    }

    /// <summary>The reply to <paramref name="message"/>, or null when nothing is sent back.</summary>
    public string? OnMessage(string message)
    {
        if (this.mode == ExpertMode.Silent)
        {
            return null;
        }

        var fields = message.Split(';');
        switch (fields[0])
        {
            case "6": // Notification
                if (fields.Length >= 2 && fields[1] == "0") // ClientReady
                {
                    return this.mode == ExpertMode.EmptyExperts
                        ? "3;"
                        : "3;" + this.expertHandle.ToString(CultureInfo.InvariantCulture);
                }

                Program.Trace($"ignored notification '{message}'");
                return null;

            case "0": // Command
                return this.OnCommand(fields, message);

            default:
                Program.Trace($"ignored message '{message}'");
                return null;
        }
    }

    private string? OnCommand(string[] fields, string message)
    {
        // 0;{expertHandle};{commandId};{commandType};{payload} - the payload ends at the first ';'.
        // A command without the payload field at all (0;h;id;type) is read as an empty payload.
        if (fields.Length < 4
            || !long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var commandId))
        {
            Program.Trace($"dropped malformed command '{message}' (no command id to answer to)");
            return null;
        }

        var id = commandId.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var handle))
        {
            return $"1;{fields[1]};{id};{Responses.Failure($"Invalid expert handle '{fields[1]}'")}";
        }

        var handleText = handle.ToString(CultureInfo.InvariantCulture);
        if (this.mode == ExpertMode.EmptyExperts || (handle != 0 && handle != this.expertHandle))
        {
            return $"1;{handleText};{id};{Responses.Failure($"Expert with handle {handleText} not found")}";
        }

        // Handle 0 means the first expert; the expert answers with its own handle.
        var expert = this.expertHandle.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var commandType))
        {
            return $"1;{expert};{id};{Responses.Failure($"Invalid command type '{fields[3]}'")}";
        }

        var payload = fields.Length > 4 ? fields[4] : string.Empty;
        return $"1;{expert};{id};{this.processor.Execute(commandType, payload)}";
    }
}
