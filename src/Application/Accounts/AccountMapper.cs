using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace AccountRegistry.Application.Accounts;

/// <summary>Projects accounts onto the API's response; generated at compile time.</summary>
[Mapper]
public static partial class AccountMapper
{
    [MapperIgnoreSource(nameof(Account.EncryptedPassword))]
    public static partial AccountResponse ToResponse(this Account account);

    // Databases hand decimals back at the column's scale (SQL Server's 0.10000000); the API shows 0.1.
    private static decimal Normalize(decimal value) => Decimals.Normalize(value);
}
