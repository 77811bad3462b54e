namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>The login is registered already (HTTP 409).</summary>
public sealed class AccountAlreadyExistsException(long login, Exception? innerException = null)
    : Exception($"Account {login} already exists", innerException)
{
    public long Login { get; } = login;
}
