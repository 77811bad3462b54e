using System.Globalization;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>Too many rejected credential checks for the login (HTTP 429, with Retry-After).</summary>
public sealed class LoginLockedOutException(long login, TimeSpan retryAfter)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"Too many rejected credential checks for login {login}; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes))} minutes"))
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
