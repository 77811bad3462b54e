namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>No account has the id (HTTP 404).</summary>
public sealed class AccountNotFoundException(string id) : Exception($"Account {id} not found");
