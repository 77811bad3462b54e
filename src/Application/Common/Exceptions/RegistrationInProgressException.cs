namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>Another registration of the same login is being handled right now (HTTP 409).</summary>
public sealed class RegistrationInProgressException(long login)
    : Exception($"A registration of account {login} is already in progress; try again shortly")
{
    public long Login { get; } = login;
}
