using AccountRegistry.Application.Accounts.UpdateAccount;
using AccountRegistry.Application.Common.Models;

namespace AccountRegistry.Application.UnitTests.Accounts.UpdateAccount;

public sealed class UpdateAccountCommandValidatorTests
{
    private static readonly UpdateAccountCommandValidator Validator = new();

    private static string[] Failures(UpdateAccountCommand command) =>
        Validator.Validate(command).Errors.Select(e => $"{e.PropertyName}:{e.ErrorCode}:{e.ErrorMessage}").ToArray();

    [Test]
    public void Validate_AcceptsAPatchThatChangesNothing()
    {
        Assert.That(Failures(new UpdateAccountCommand()), Is.Empty);
    }

    [Test]
    public void Validate_AcceptsEveryFieldWithinRegistersBounds()
    {
        var patch = new UpdateAccountCommand
        {
            Name = new string('n', 100),
            Broker = "b",
            IsLive = true,
            AllowedSymbols = new Optional<IReadOnlyList<string>>(["EURUSD", "GBPUSD"]),
            MaxLotSize = 100m,
            RiskPct = 0.00000001m,
            AutoTradeEnabled = false,
            PaperTradeEnabled = true,
            IsActive = false,
            Mt5Path = string.Empty,
            AccountType = "USC",
        };

        Assert.That(Failures(patch), Is.Empty);
    }

    [Test]
    public void Validate_ReportsRegistersBoundsAndMessages_OnTheFieldsGiven()
    {
        var patch = new UpdateAccountCommand
        {
            Name = string.Empty,
            Broker = new string('b', 101),
            MaxLotSize = 0m,
            RiskPct = 2m,
            Mt5Path = "a\nb",
            AccountType = "EUR",
        };

        Assert.That(Failures(patch), Is.EqualTo(new[]
        {
            "Name:string_too_short:String should have at least 1 character",
            "Broker:string_too_long:String should have at most 100 characters",
            "MaxLotSize:greater_than:Input should be greater than 0",
            "RiskPct:less_than_equal:Input should be less than or equal to 1",
            "Mt5Path:value_error:Value error, must not contain control characters",
            "AccountType:literal_error:Input should be 'USD' or 'USC'",
        }));
    }

    [Test]
    public void Validate_ReportsEachBadSymbolAtItsIndex()
    {
        var patch = new UpdateAccountCommand
        {
            AllowedSymbols = new Optional<IReadOnlyList<string>>(["EURUSD", new string('S', 33), "eurusd"]),
        };

        Assert.That(Failures(patch), Is.EquivalentTo(new[]
        {
            "AllowedSymbols[1]:string_too_long:String should have at most 32 characters",
            "AllowedSymbols[2]:value_error:Value error, 'eurusd' is listed more than once",
        }));
    }

    [Test]
    public void Validate_ReportsOnlyTooLong_ForMoreSymbolsThanAllowed()
    {
        var patch = new UpdateAccountCommand { AllowedSymbols = new Optional<IReadOnlyList<string>>(Enumerable.Repeat(string.Empty, 201).ToArray()) };

        Assert.That(Failures(patch), Is.EqualTo(new[] { "AllowedSymbols:too_long:List should have at most 200 items after validation, not 201" }));
    }

    [Test]
    public void Validate_RefusesAChangeOfLoginOrServer_SayingToRegisterTheNewAccount()
    {
        var patch = new UpdateAccountCommand { Login = 12345678, Server = "Other-Server" };

        Assert.That(Failures(patch), Is.EqualTo(new[]
        {
            "Login:value_error:Value error, the login cannot change; register the new account instead",
            "Server:value_error:Value error, the server cannot change; register the new account instead",
        }));
    }
}
