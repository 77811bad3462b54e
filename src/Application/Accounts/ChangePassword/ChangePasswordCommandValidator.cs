using AccountRegistry.Application.Common.Validation;
using FluentValidation;

namespace AccountRegistry.Application.Accounts.ChangePassword;

/// <summary>The password's bounds, as register's.</summary>
public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Password).Mt5Password();
    }
}
