namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>MT5 refused the login, password or server (HTTP 400).</summary>
public sealed class Mt5CredentialsRejectedException(long login, string server, string reason)
    : Exception(
        $"MT5 rejected the credentials for login {login} on server {server} ({reason}); " +
        "check the login, the password and the server name")
{
    public long Login { get; } = login;

    public string Server { get; } = server;
}

