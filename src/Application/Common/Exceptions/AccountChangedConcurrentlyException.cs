namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>Another writer changed or removed the account between this request's read and its write.</summary>
public sealed class AccountChangedConcurrentlyException(long id, Exception innerException)
    : Exception($"Account {id} was changed by other requests at the same time; read it again and retry", innerException)
{
    public long Id { get; } = id;
}
