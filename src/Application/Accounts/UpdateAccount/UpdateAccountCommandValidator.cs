using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using FluentValidation;

namespace AccountRegistry.Application.Accounts.UpdateAccount;

/// <summary>The bounds of register, on the fields that are given; the login and the server cannot change.</summary>
public sealed class UpdateAccountCommandValidator : AbstractValidator<UpdateAccountCommand>
{
    public UpdateAccountCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        this.RuleForOptional(c => c.Name, name => name.Text(AccountLimits.NameMaxLength));
        this.RuleForOptional(c => c.Broker, broker => broker.Text(AccountLimits.BrokerMaxLength));
        this.Forbid(c => c.Login, "the login cannot change; register the new account instead");
        this.Forbid(c => c.Server, "the server cannot change; register the new account instead");
        this.RuleForEachOptional(
            c => c.AllowedSymbols, symbols => symbols.Count <= AccountLimits.MaxAllowedSymbols, symbol => symbol.Text(AccountLimits.SymbolMaxLength));
        this.RuleForOptional(c => c.AllowedSymbols, symbols => symbols.AllowedSymbols());
        this.RuleForOptional(c => c.MaxLotSize, lots => lots.ExclusiveRange(0m, AccountLimits.MaxLotSize));
        this.RuleForOptional(c => c.RiskPct, risk => risk.ExclusiveRange(0m, AccountLimits.MaxRiskPct));
        this.RuleForOptional(c => c.Mt5Path, path => path.OptionalText(AccountLimits.Mt5PathMaxLength));
        this.RuleForOptional(c => c.AccountType, type => type.OneOf(nameof(Domain.Accounts.AccountType.USD), nameof(Domain.Accounts.AccountType.USC)));
    }
}
