using AccountRegistry.Application.Common.Validation;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using FluentValidation;

namespace AccountRegistry.Application.Accounts.RegisterAccount;

/// <summary>The bounds of the spec's request table (name max 100, login > 0, ...).</summary>
public sealed class RegisterAccountCommandValidator : AbstractValidator<RegisterAccountCommand>
{
    public RegisterAccountCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.Name).Text(AccountLimits.NameMaxLength);
        RuleFor(c => c.Broker).Text(AccountLimits.BrokerMaxLength);
        RuleFor(c => c.Server).Text(AccountLimits.ServerMaxLength);

        RuleFor(c => c.Login)
            .GreaterThan(0)
            .WithErrorCode(ErrorTypes.GreaterThan)
            .WithMessage("Input should be greater than 0")
            .WithState(_ => new Dictionary<string, object> { ["gt"] = 0 });

        // Rules on the Password object itself, so a failure's attempted value is the redacted wrapper.
        RuleFor(c => c.Password)
            .Must(password => password.Length >= 1)
            .WithErrorCode(ErrorTypes.StringTooShort)
            .WithMessage("String should have at least 1 character")
            .WithState(_ => new Dictionary<string, object> { ["min_length"] = 1 })
            .Must(password => password.Length <= AccountLimits.PasswordMaxLength)
            .WithErrorCode(ErrorTypes.StringTooLong)
            .WithMessage($"String should have at most {AccountLimits.PasswordMaxLength} characters")
            .WithState(_ => new Dictionary<string, object> { ["max_length"] = AccountLimits.PasswordMaxLength })
            .Must(password => !TextRules.HasControlCharacters(password.Reveal()))
            .WithErrorCode(ErrorTypes.ValueError)
            .WithMessage("Value error, must not contain control characters");

        // A list past its maximum is one error; its items are not looked at (no per-item errors, no work per item).
        RuleFor(c => c.AllowedSymbols)
            .Must(symbols => symbols.Count <= AccountLimits.MaxAllowedSymbols)
            .WithErrorCode(ErrorTypes.TooLong)
            .WithMessage(c => ListTooLong.Message(AccountLimits.MaxAllowedSymbols, c.AllowedSymbols.Count))
            .WithState(c => ListTooLong.Context(AccountLimits.MaxAllowedSymbols, c.AllowedSymbols.Count));
        When(c => c.AllowedSymbols.Count <= AccountLimits.MaxAllowedSymbols, () =>
        {
            RuleForEach(c => c.AllowedSymbols).Text(AccountLimits.SymbolMaxLength);
            RuleFor(c => c.AllowedSymbols).Custom(ReportRepeatedSymbols);
        });

        RuleFor(c => c.MaxLotSize)
            .ExclusiveRange(0m, AccountLimits.MaxLotSize, AccountLimits.MaxDecimalPlaces);
        RuleFor(c => c.RiskPct)
            .ExclusiveRange(0m, AccountLimits.MaxRiskPct, AccountLimits.MaxDecimalPlaces);

        RuleFor(c => c.Mt5Path)
            .Must(path => path.Length <= AccountLimits.Mt5PathMaxLength)
            .WithErrorCode(ErrorTypes.StringTooLong)
            .WithMessage($"String should have at most {AccountLimits.Mt5PathMaxLength} characters")
            .WithState(_ => new Dictionary<string, object> { ["max_length"] = AccountLimits.Mt5PathMaxLength })
            .NoControlCharacters();

        RuleFor(c => c.AccountType).OneOf(nameof(AccountType.USD), nameof(AccountType.USC));
    }

    // Symbols are compared without regard to case: EURUSD and eurusd resolve to the same server symbol.
    // A symbol too long to be one has its own error and is not quoted again: the message stays short.
    private static void ReportRepeatedSymbols(IReadOnlyList<string> symbols, ValidationContext<RegisterAccountCommand> context)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < symbols.Count; i++)
        {
            if (symbols[i].Length <= AccountLimits.SymbolMaxLength && !seen.Add(symbols[i]))
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure(
                    $"{nameof(RegisterAccountCommand.AllowedSymbols)}[{i}]",
                    $"Value error, '{symbols[i]}' is listed more than once")
                {
                    ErrorCode = ErrorTypes.ValueError,
                });
            }
        }
    }
}
