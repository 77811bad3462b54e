namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>
/// The service's own rules on what a registration may make MT5 do — which servers a terminal may
/// be logged into, which terminal may run — taken before anything is launched, whatever the
/// gateway (Sandbox too).
/// </summary>
public interface IMt5RequestPolicy
{
    /// <summary>Checks the server and the mt5_path a request names.</summary>
    Mt5RequestDecision Check(string server, string mt5Path);
}

/// <param name="Refusal">Why the request may not be tried (a 400's detail), or null when it may.</param>
/// <param name="TerminalPath">The terminal to use, as the service knows it: what is stored as the account's mt5_path.</param>
public sealed record Mt5RequestDecision(string? Refusal, string TerminalPath)
{
    public static Mt5RequestDecision Allow(string terminalPath) => new(null, terminalPath);

    public static Mt5RequestDecision Refuse(string detail) => new(detail, string.Empty);

    /// <summary>The terminal to use; a refused request throws its refusal (HTTP 400).</summary>
    /// <exception cref="Exceptions.Mt5RequestInvalidException">The policy refused the request.</exception>
    public string TerminalPathOrThrow() =>
        Refusal is { } refusal ? throw new Exceptions.Mt5RequestInvalidException(refusal) : TerminalPath;
}
