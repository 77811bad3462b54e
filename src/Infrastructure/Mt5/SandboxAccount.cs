using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>
/// An account the Sandbox accepts. With no <see cref="Login"/> (or 0) it is a wildcard: any login on
/// its server with its password is valid, with this entry's other properties.
/// </summary>
public sealed class SandboxAccount
{
    public long Login { get; set; }

    public string Password { get; set; } = string.Empty;

    public string Server { get; set; } = string.Empty;

    public string Company { get; set; } = "Sandbox Broker";

    public string Currency { get; set; } = "USD";

    public Mt5TradeMode TradeMode { get; set; } = Mt5TradeMode.Demo;

    public bool TradeAllowed { get; set; } = true;

    public List<string> Symbols { get; init; } = [];

    public bool IsWildcard => Login == 0;
}
