using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace AccountRegistry.Application.Accounts;

/// <summary>Projects accounts onto the API's response, in memory or in a query; generated at compile time.</summary>
[Mapper]
public static partial class AccountMapper
{
    // The response is exactly the spec's fields (and the version, sent as the ETag): the password,
    // the verification and the pending audit events are served elsewhere or not at all.
    [MapperIgnoreSource(nameof(Account.EncryptedPassword))]
    [MapperIgnoreSource(nameof(Account.VerificationStatus))]
    [MapperIgnoreSource(nameof(Account.CheckedAt))]
    [MapperIgnoreSource(nameof(Account.VerifiedAt))]
    [MapperIgnoreSource(nameof(Account.VerificationDetail))]
    [MapperIgnoreSource(nameof(Account.Mt5))]
    [MapperIgnoreSource(nameof(Account.PendingEvents))]
    [MapperIgnoreSource(nameof(Account.Details))]
    public static partial AccountResponse ToResponse(this Account account);

    /// <summary>The same mapping as a query projection: the database is asked for the response's columns only.</summary>
    public static partial IQueryable<AccountResponse> ProjectToResponse(this IQueryable<Account> accounts);

    // Databases hand decimals back at the column's scale (SQL Server's 0.10000000); the API shows 0.1.
    private static decimal Normalize(decimal value) => Decimals.Normalize(value);
}
