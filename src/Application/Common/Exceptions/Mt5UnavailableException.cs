namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// No verdict could be had from MT5 (HTTP 503). The message is for the log; clients get a fixed
/// text, since the reason may name internal hosts or paths.
/// </summary>
public sealed class Mt5UnavailableException(string reason, Exception? innerException = null)
    : Exception(reason, innerException);
