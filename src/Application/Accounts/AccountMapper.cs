using AccountRegistry.Domain.Accounts;
using Riok.Mapperly.Abstractions;

namespace AccountRegistry.Application.Accounts;

/// <summary>Projects accounts onto the API's response; generated at compile time.</summary>
[Mapper]
public static partial class AccountMapper
{
    [MapperIgnoreSource(nameof(Account.EncryptedPassword))]
    public static partial AccountResponse ToResponse(this Account account);
}
