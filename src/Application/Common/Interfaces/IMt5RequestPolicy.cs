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

/// <summary>The policy's answer: the terminal to use, or why the request may not be tried.</summary>
public sealed record Mt5RequestDecision
{
    private Mt5RequestDecision(string? refusal, Mt5RequestProblem? problem, string terminalPath)
    {
        Refusal = refusal;
        Problem = problem;
        TerminalPath = terminalPath;
    }

    /// <summary>Why the request may not be tried (a 400's detail), or null when it may.</summary>
    public string? Refusal { get; }

    /// <summary>What is wrong with a refused request (the 400's code); null when it may be tried.</summary>
    public Mt5RequestProblem? Problem { get; }

    /// <summary>The terminal to use, as the service knows it: what is stored as the account's mt5_path.</summary>
    public string TerminalPath { get; }

    public static Mt5RequestDecision Allow(string terminalPath) => new(null, null, terminalPath);

    public static Mt5RequestDecision Refuse(Mt5RequestProblem problem, string detail) => new(detail, problem, string.Empty);

    /// <summary>The terminal to use; a refused request throws its refusal (HTTP 400).</summary>
    /// <exception cref="Exceptions.Mt5RequestInvalidException">The policy refused the request.</exception>
    public string TerminalPathOrThrow() =>
        Refusal is { } refusal && Problem is { } problem ? throw new Exceptions.Mt5RequestInvalidException(refusal, problem) : TerminalPath;
}
