using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace AccountRegistry.Application.Accounts;

/// <summary>Projects accounts onto the API's response, in memory or in a query; generated at compile time.</summary>
[Mapper]
public static partial class AccountMapper
{
    [MapperIgnoreSource(nameof(Account.EncryptedPassword))]
    public static partial AccountResponse ToResponse(this Account account);

    /// <summary>The same mapping as a query projection: the database is asked for the response's columns only.</summary>
    public static partial IQueryable<AccountResponse> ProjectToResponse(this IQueryable<Account> accounts);

    // Databases hand decimals back at the column's scale (SQL Server's 0.10000000); the API shows 0.1.
    private static decimal Normalize(decimal value) => Decimals.Normalize(value);
}
