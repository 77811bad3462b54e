using System.Text.Json;

namespace Mt5TerminalSimulator;

/// <summary>Executes MtApi5 commands against the simulated terminal and returns the response JSON.</summary>
internal sealed class CommandProcessor
{
    public const int TerminalBuild = 4755;

    private readonly TerminalState state;
    private readonly int expertHandle;
    private readonly string terminalPath;

    public CommandProcessor(TerminalState state, int expertHandle, string terminalPath)
    {
        this.state = state;
        this.expertHandle = expertHandle;
        this.terminalPath = terminalPath;
    }

    /// <summary>Command numbers (MT5.md).</summary>
    private enum Command
    {
        GetQuote = 1,
        AccountInfoDouble = 32,
        AccountInfoInteger = 33,
        AccountInfoString = 34,
        SymbolsTotal = 50,
        SymbolName = 51,
        SymbolSelect = 52,
        BacktestingReady = 66,
        IsTesting = 67,
        TimeCurrent = 127,
        GetLastError = 132,
        TerminalInfoString = 153,
        TerminalInfoInteger = 204,
        TerminalInfoDouble = 205,
    }

    /// <summary>Runs command <paramref name="commandType"/> with <paramref name="payload"/> (possibly empty).</summary>
    public string Execute(int commandType, string payload) => (Command)commandType switch
    {
        Command.GetQuote => this.GetQuote(),
        Command.AccountInfoDouble => WithProperty(payload, this.AccountInfoDouble),
        Command.AccountInfoInteger => WithProperty(payload, this.AccountInfoInteger),
        Command.AccountInfoString => WithProperty(payload, this.AccountInfoString),
        Command.SymbolsTotal => this.SymbolsTotal(payload),
        Command.SymbolName => this.SymbolName(payload),
        Command.SymbolSelect => this.SymbolSelect(payload),
        Command.BacktestingReady => Responses.Void(),
        Command.IsTesting => Responses.Success(false),
        Command.TimeCurrent => Responses.Success(this.state.Connected ? DateTimeOffset.UtcNow.ToUnixTimeSeconds() : 0L),
        Command.GetLastError => Responses.Success((long)this.state.LastError),
        Command.TerminalInfoString => WithProperty(payload, this.TerminalInfoString),
        Command.TerminalInfoInteger => WithProperty(payload, this.TerminalInfoInteger),
        Command.TerminalInfoDouble => WithProperty(payload, TerminalInfoDouble),
        _ => Responses.Failure($"Unknown command type {commandType}"),
    };

    private static string WithProperty(string payload, Func<int, string> handler)
    {
        if (!TryParseObject(payload, out var root, out var error))
        {
            return Responses.Failure(error + " (expected {\"PropertyId\":int})");
        }

        if (!root.TryGetProperty("PropertyId", out var id) || id.ValueKind != JsonValueKind.Number
            || !id.TryGetInt32(out var propertyId))
        {
            return Responses.Failure("Invalid payload: expected {\"PropertyId\":int}");
        }

        return handler(propertyId);
    }

    private static bool TryParseObject(string payload, out JsonElement root, out string error)
    {
        root = default;
        if (string.IsNullOrWhiteSpace(payload))
        {
            error = "Missing payload";
            return false;
        }

        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(payload);
        }
        catch (JsonException)
        {
            error = "Malformed payload JSON";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "Payload is not a JSON object";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool TryGetBool(JsonElement root, string name, out bool value)
    {
        value = false;
        if (!root.TryGetProperty(name, out var element))
        {
            return false;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                return true;
            default:
                return false;
        }
    }

    private static string UnsupportedProperty(string command, int propertyId) =>
        Responses.Failure($"{command}: property id {propertyId} is not simulated");

    /// <summary>No ENUM_TERMINAL_INFO_DOUBLE ids are documented: any non-negative id answers 0.</summary>
    private static string TerminalInfoDouble(int propertyId) =>
        propertyId >= 0 ? Responses.Success(0.0) : UnsupportedProperty("TerminalInfoDouble", propertyId);

    private string GetQuote()
    {
        var account = this.state.Account;
        var symbol = this.state.ChartSymbol;
        var priced = account is not null && account.Symbols.Contains(symbol, StringComparer.Ordinal);
        var time = priced ? DateTimeOffset.UtcNow.ToUnixTimeSeconds() : 0L;
        return Responses.Success(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("ExpertHandle", this.expertHandle);
            w.WriteString("Instrument", symbol);
            w.WriteStartObject("Tick");
            w.WriteNumber("Time", time);
            w.WriteNumber("Bid", priced ? 1.08452 : 0.0);
            w.WriteNumber("Ask", priced ? 1.08461 : 0.0);
            w.WriteNumber("Last", 0.0);
            w.WriteNumber("Volume", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private string AccountInfoDouble(int propertyId)
    {
        var account = this.state.Account;
        return propertyId switch
        {
            37 => Responses.Success(account?.Balance ?? 0.0), // ACCOUNT_BALANCE
            _ => UnsupportedProperty("AccountInfoDouble", propertyId),
        };
    }

    private string AccountInfoInteger(int propertyId)
    {
        var account = this.state.Account;
        var tradeAllowed = account is { TradeAllowed: true } ? 1L : 0L;
        return propertyId switch
        {
            0 => Responses.Success(this.state.Login), // ACCOUNT_LOGIN
            32 => Responses.Success((long)(account?.TradeMode ?? TradeMode.Demo)), // ACCOUNT_TRADE_MODE
            33 => Responses.Success(tradeAllowed), // ACCOUNT_TRADE_ALLOWED
            34 => Responses.Success(tradeAllowed), // ACCOUNT_TRADE_EXPERT
            _ => UnsupportedProperty("AccountInfoInteger", propertyId),
        };
    }

    private string AccountInfoString(int propertyId)
    {
        var account = this.state.Account;
        return propertyId switch
        {
            1 => Responses.Success(account?.Name ?? string.Empty), // ACCOUNT_NAME
            2 => Responses.Success(account?.Company ?? string.Empty), // ACCOUNT_COMPANY
            3 => Responses.Success(account?.Server ?? string.Empty), // ACCOUNT_SERVER
            36 => Responses.Success(account?.Currency ?? string.Empty), // ACCOUNT_CURRENCY
            _ => UnsupportedProperty("AccountInfoString", propertyId),
        };
    }

    private string TerminalInfoInteger(int propertyId) => propertyId switch
    {
        5 => Responses.Success((long)TerminalBuild), // TERMINAL_BUILD
        6 => Responses.Success(this.state.Connected ? 1L : 0L), // TERMINAL_CONNECTED
        8 => Responses.Success(1L), // TERMINAL_TRADE_ALLOWED ([Experts] Enabled=1, or the expert would not run)
        _ => UnsupportedProperty("TerminalInfoInteger", propertyId),
    };

    private string TerminalInfoString(int propertyId) => propertyId switch
    {
        0 => Responses.Success("MetaQuotes Ltd."), // TERMINAL_COMPANY
        1 => Responses.Success("MetaTrader 5"), // TERMINAL_NAME
        2 => Responses.Success(this.terminalPath), // TERMINAL_PATH
        _ => UnsupportedProperty("TerminalInfoString", propertyId),
    };

    private string SymbolsTotal(string payload)
    {
        if (!TryParseObject(payload, out var root, out var error))
        {
            return Responses.Failure(error + " (expected {\"Selected\":bool})");
        }

        return TryGetBool(root, "Selected", out var selected)
            ? Responses.Success((long)this.state.SymbolsTotal(selected))
            : Responses.Failure("Invalid payload: expected {\"Selected\":bool}");
    }

    private string SymbolName(string payload)
    {
        const string Expected = " (expected {\"Pos\":int,\"Selected\":bool})";
        if (!TryParseObject(payload, out var root, out var error))
        {
            return Responses.Failure(error + Expected);
        }

        if (!root.TryGetProperty("Pos", out var posElement) || posElement.ValueKind != JsonValueKind.Number
            || !posElement.TryGetInt32(out var pos) || !TryGetBool(root, "Selected", out var selected))
        {
            return Responses.Failure("Invalid payload" + Expected);
        }

        return Responses.Success(this.state.SymbolName(pos, selected));
    }

    private string SymbolSelect(string payload)
    {
        const string Expected = " (expected {\"Symbol\":string,\"Selected\":bool})";
        if (!TryParseObject(payload, out var root, out var error))
        {
            return Responses.Failure(error + Expected);
        }

        if (!root.TryGetProperty("Symbol", out var symbolElement) || symbolElement.ValueKind != JsonValueKind.String
            || !TryGetBool(root, "Selected", out var selected))
        {
            return Responses.Failure("Invalid payload" + Expected);
        }

        return Responses.Success(this.state.SymbolSelect(symbolElement.GetString()!, selected));
    }
}
