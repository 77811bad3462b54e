using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Application.Common.Credentials;

/// <summary>
/// MT5's answer to a credential check that reached it: the credentials were accepted or rejected.
/// Everything else (no verdict, a request that cannot be tried, a locked-out login, a check in
/// progress) is an exception, the same for every use case.
/// </summary>
public abstract record CredentialVerdict
{
    private CredentialVerdict()
    {
    }

    /// <summary>
    /// MT5 logged in with the credentials, into the login and server they name; this is what it
    /// reported. The rejection count of the caller's address for the login has been reset.
    /// </summary>
    public sealed record Accepted(Mt5AccountSnapshot Account) : CredentialVerdict;

    /// <summary>
    /// MT5 refused the login, password or server, or logged into another account. The reason is
    /// fit for the client: it names no other account. The rejection has been counted.
    /// </summary>
    public sealed record Rejected(long Login, string Server, string Reason) : CredentialVerdict;

    /// <summary>
    /// What MT5 reported, for a use case to which a rejection is an error (HTTP 400): register,
    /// change the password.
    /// </summary>
    /// <exception cref="Mt5CredentialsRejectedException">MT5 rejected the credentials.</exception>
    public Mt5AccountSnapshot AccountOrThrow() => this switch
    {
        Accepted accepted => accepted.Account,
        Rejected rejected => throw new Mt5CredentialsRejectedException(rejected.Login, rejected.Server, rejected.Reason),
        _ => throw new InvalidOperationException($"Unknown credential verdict {GetType().Name}"),
    };
}
