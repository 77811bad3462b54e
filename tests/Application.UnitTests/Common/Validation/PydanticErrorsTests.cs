using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Common.Validation;

namespace AccountRegistry.Application.UnitTests.Common.Validation;

public sealed class PydanticErrorsTests
{
    [Test]
    public void Messages_AreInPydanticsWords()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PydanticErrors.LiteralError(["USD", "USC"]).Message, Is.EqualTo("Input should be 'USD' or 'USC'"));
            Assert.That(PydanticErrors.LiteralError(["a", "b", "c"]).Message, Is.EqualTo("Input should be 'a', 'b' or 'c'"));
            Assert.That(PydanticErrors.StringTooShort(1).Message, Is.EqualTo("String should have at least 1 character"));
            Assert.That(PydanticErrors.StringTooShort(2).Message, Is.EqualTo("String should have at least 2 characters"));
            Assert.That(PydanticErrors.GreaterThan(0.5m).Message, Is.EqualTo("Input should be greater than 0.5"));
            Assert.That(PydanticErrors.GreaterThan(0.5m).Context, Is.EqualTo(new Dictionary<string, object> { ["gt"] = 0.5m }));
            Assert.That(PydanticErrors.TooLong(1, 2).Message, Is.EqualTo("List should have at most 1 item after validation, not 2"));
            Assert.That(PydanticErrors.ModelAttributesType().Type, Is.EqualTo("model_attributes_type"));
        }
    }

    [Test]
    public void Bounds_AreReadBackFromTheValidatorsRules()
    {
        IReadOnlyList<FluentValidation.IValidator> validators = [new RegisterAccountCommandValidator()];

        var name = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.Name));
        var login = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.Login));
        var risk = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.RiskPct));
        var symbols = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.AllowedSymbols));
        var password = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.Password));
        var type = PropertyBounds.Of(validators, nameof(RegisterAccountCommand.AccountType));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((name.MinLength, name.MaxLength), Is.EqualTo((1, 100)));
            Assert.That(login.GreaterThan, Is.EqualTo(0L));
            Assert.That((risk.GreaterThan, risk.LessThanOrEqual), Is.EqualTo((0m, 1m)));
            Assert.That((symbols.MaxItems, symbols.UniqueItems, symbols.Items?.MaxLength), Is.EqualTo((200, true, 32)));
            Assert.That((password.MinLength, password.MaxLength), Is.EqualTo((1, 128)));
            Assert.That(type.Literals, Is.EqualTo(new[] { "USD", "USC" }));
        }
    }
}
