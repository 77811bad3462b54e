using System.Text.Json;

namespace Mt5TerminalSimulator;

/// <summary>How the simulated terminal behaves for an account (the accounts file's <c>behaviour</c>).</summary>
internal enum Behaviour
{
    Ok,
    RejectPassword,
    Unreachable,
    Exit,
    NoPort,
    Silent,
    EmptyExperts,
    OtherLogin,
}

/// <summary>ENUM_ACCOUNT_TRADE_MODE values.</summary>
internal enum TradeMode
{
    Demo = 0,
    Contest = 1,
    Real = 2,
}

/// <summary>One account of the accounts file.</summary>
internal sealed record Account(
    long Login,
    string Password,
    string Server,
    string Company,
    string Currency,
    TradeMode TradeMode,
    bool TradeAllowed,
    IReadOnlyList<string> Symbols,
    Behaviour Behaviour,
    int DelayMs,
    string Name,
    double Balance);

/// <summary>Thrown when the accounts file cannot be read or is malformed.</summary>
internal sealed class AccountsFileException : Exception
{
    public AccountsFileException()
    {
    }

    public AccountsFileException(string message)
        : base(message)
    {
    }

    public AccountsFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Loads the accounts file named by <c>MT5SIM_ACCOUNTS</c>.</summary>
internal static class AccountsFile
{
    public static IReadOnlyList<Account> Load(string path)
    {
        string text;
        try
        {
            text = TextFiles.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AccountsFileException($"cannot read the accounts file '{path}': {ex.Message}", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(
                text,
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new AccountsFileException("the accounts file must hold a JSON array");
            }

            var accounts = new List<Account>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                accounts.Add(ParseAccount(element, index++));
            }

            return accounts;
        }
        catch (JsonException ex)
        {
            throw new AccountsFileException($"the accounts file is not valid JSON: {ex.Message}", ex);
        }
    }

    private static Account ParseAccount(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AccountsFileException($"account #{index} is not a JSON object");
        }

        var login = RequiredLogin(element, index);
        var symbols = new List<string>();
        if (element.TryGetProperty("symbols", out var symbolsElement) && symbolsElement.ValueKind != JsonValueKind.Null)
        {
            if (symbolsElement.ValueKind != JsonValueKind.Array)
            {
                throw new AccountsFileException($"account #{index}: 'symbols' must be an array of strings");
            }

            foreach (var symbol in symbolsElement.EnumerateArray())
            {
                if (symbol.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(symbol.GetString()))
                {
                    throw new AccountsFileException($"account #{index}: 'symbols' must be an array of strings");
                }

                symbols.Add(symbol.GetString()!);
            }
        }

        return new Account(
            Login: login,
            Password: OptionalString(element, "password", index) ?? string.Empty,
            Server: OptionalString(element, "server", index)
                ?? throw new AccountsFileException($"account #{index}: 'server' is required"),
            Company: OptionalString(element, "company", index) ?? "Simulated Broker Ltd.",
            Currency: OptionalString(element, "currency", index) ?? "USD",
            TradeMode: ParseTradeMode(OptionalString(element, "trade_mode", index) ?? "demo", index),
            TradeAllowed: OptionalBool(element, "trade_allowed", index) ?? true,
            Symbols: symbols,
            Behaviour: ParseBehaviour(OptionalString(element, "behaviour", index) ?? "ok", index),
            DelayMs: OptionalInt(element, "delay_ms", index) ?? 0,
            Name: OptionalString(element, "name", index) ?? $"Simulated account {login}",
            Balance: OptionalDouble(element, "balance", index) ?? 10000.0);
    }

    private static long RequiredLogin(JsonElement element, int index)
    {
        if (element.TryGetProperty("login", out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        throw new AccountsFileException($"account #{index}: 'login' must be a 64-bit integer");
    }

    private static string? OptionalString(JsonElement element, string name, int index)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new AccountsFileException($"account #{index}: '{name}' must be a string");
    }

    private static bool? OptionalBool(JsonElement element, string name, int index)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new AccountsFileException($"account #{index}: '{name}' must be true or false"),
        };
    }

    private static int? OptionalInt(JsonElement element, string name, int index)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw new AccountsFileException($"account #{index}: '{name}' must be a non-negative integer");
    }

    private static double? OptionalDouble(JsonElement element, string name, int index)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new AccountsFileException($"account #{index}: '{name}' must be a number");
    }

    private static TradeMode ParseTradeMode(string text, int index) => text.ToUpperInvariant() switch
    {
        "DEMO" => TradeMode.Demo,
        "CONTEST" => TradeMode.Contest,
        "REAL" => TradeMode.Real,
        _ => throw new AccountsFileException($"account #{index}: 'trade_mode' must be demo, contest or real"),
    };

    private static Behaviour ParseBehaviour(string text, int index) => text.ToUpperInvariant() switch
    {
        "OK" => Behaviour.Ok,
        "REJECT_PASSWORD" => Behaviour.RejectPassword,
        "UNREACHABLE" => Behaviour.Unreachable,
        "EXIT" => Behaviour.Exit,
        "NO_PORT" => Behaviour.NoPort,
        "SILENT" => Behaviour.Silent,
        "EMPTY_EXPERTS" => Behaviour.EmptyExperts,
        "OTHER_LOGIN" => Behaviour.OtherLogin,
        _ => throw new AccountsFileException(
            $"account #{index}: unknown behaviour '{text}' (ok, reject_password, unreachable, exit, no_port, silent, empty_experts, other_login)"),
    };
}
