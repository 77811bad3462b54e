using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using FluentValidation;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>
/// The bounds of the spec's request table (name max 100, login > 0, ...). The body binder and the
/// OpenAPI schema read them from here (<see cref="PropertyBounds"/>).
/// </summary>
public sealed class RegisterAccountCommandValidator : AbstractValidator<RegisterAccountCommand>
{
    public RegisterAccountCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.Name).Text(AccountLimits.NameMaxLength);
        RuleFor(c => c.Broker).Text(AccountLimits.BrokerMaxLength);
        RuleFor(c => c.Server).Text(AccountLimits.ServerMaxLength);
        RuleFor(c => c.Login).GreaterThan(0).As(PydanticErrors.GreaterThan(0));
        RuleFor(c => c.Password).Mt5Password();
        RuleForEach(c => c.AllowedSymbols).Text(AccountLimits.SymbolMaxLength)
            // A list past its maximum is one error; its items are not looked at (no per-item errors, no work per item).
            .When(c => c.AllowedSymbols.Count <= AccountLimits.MaxAllowedSymbols);
        RuleFor(c => c.AllowedSymbols).AllowedSymbols();
        RuleFor(c => c.MaxLotSize).ExclusiveRange(0m, AccountLimits.MaxLotSize);
        RuleFor(c => c.RiskPct).ExclusiveRange(0m, AccountLimits.MaxRiskPct);
        RuleFor(c => c.Mt5Path).OptionalText(AccountLimits.Mt5PathMaxLength);
        RuleFor(c => c.AccountType).OneOf(nameof(AccountType.USD), nameof(AccountType.USC));
    }
}
