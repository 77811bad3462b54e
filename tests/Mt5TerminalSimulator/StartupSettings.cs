using System.Globalization;

namespace Mt5TerminalSimulator;

/// <summary>The account and chart a start-up configuration asks for.</summary>
internal sealed record StartupSettings(long? Login, string? LoginText, string? Password, string? Server, string Symbol, string Period)
{
    public static StartupSettings From(IniFile? ini)
    {
        var loginText = ini?.Get("Common", "Login");
        long? login = long.TryParse(loginText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        var server = ini?.Get("Common", "Server");
        var symbol = ini?.Get("StartUp", "Symbol");
        var period = ini?.Get("StartUp", "Period");
        return new StartupSettings(
            login,
            string.IsNullOrEmpty(loginText) ? null : loginText,
            ini?.Get("Common", "Password"),
            string.IsNullOrEmpty(server) ? null : server,
            string.IsNullOrEmpty(symbol) ? "EURUSD" : symbol,
            string.IsNullOrEmpty(period) ? "M1" : period);
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"Login={this.LoginText}, Server={this.Server}, Symbol={this.Symbol}, Period={this.Period}";
}
