using AccountRegistry.Application.Common.Interfaces;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// No verdict could be had from MT5 (HTTP 503). The message is for the log; clients get a fixed
/// text, since the reason may name internal hosts or paths, and <see cref="Kind"/> as the body's
/// code. A gateway that threw is this exception with the fault as its inner exception.
/// </summary>
public sealed class Mt5UnavailableException : Exception
{
    /// <summary>The gateway failed (<paramref name="innerException"/>), or answered nothing it should have.</summary>
    public Mt5UnavailableException(string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
    }

    /// <summary>The gateway's "unavailable" verdict, with its kind and, when it knows one, the wait before a retry.</summary>
    public Mt5UnavailableException(string reason, Mt5Unavailability kind, TimeSpan? retryAfter)
        : base(reason)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    /// <summary>Why no verdict could be had, as the client is told.</summary>
    public Mt5Unavailability Kind { get; } = Mt5Unavailability.TerminalFailed;

    /// <summary>How long a retry should wait, when the gateway could tell (a full queue); else null.</summary>
    public TimeSpan? RetryAfter { get; }
}
