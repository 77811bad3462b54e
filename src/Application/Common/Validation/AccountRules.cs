using AccountRegistry.Domain.Accounts;
using FluentValidation;

namespace AccountRegistry.Application.Common.Validation;

/// <summary>Rules on an account's fields that more than one request shares (register, change).</summary>
public static class AccountRules
{
    /// <summary>
    /// At most <see cref="AccountLimits.MaxAllowedSymbols"/> symbols, none repeated. Symbols are
    /// compared without regard to case: EURUSD and eurusd resolve to the same server symbol. A list
    /// past its maximum is one error, and its items are not compared.
    /// </summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> AllowedSymbols<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.MaxItems(AccountLimits.MaxAllowedSymbols)
            .UniqueItems(StringComparer.OrdinalIgnoreCase, AccountLimits.MaxAllowedSymbols, AccountLimits.SymbolMaxLength);
}
