namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// Another request is checking this login's credentials with MT5 right now (a password change or a
/// re-verification of the stored account): HTTP 409, with a short Retry-After.
/// </summary>
public sealed class CredentialCheckInProgressException(long login)
    : Exception($"A check of the credentials of account {login} is already in progress; try again shortly")
{
    public long Login { get; } = login;
}
