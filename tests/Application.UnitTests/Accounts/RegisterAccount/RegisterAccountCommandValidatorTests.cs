using System.Globalization;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Domain.Accounts;
using FluentValidation.Results;

namespace AccountRegistry.Application.UnitTests.Accounts.RegisterAccount;

public sealed class RegisterAccountCommandValidatorTests
{
    private const string Plaintext = "Pl@inText-S3cret!";

    private static readonly RegisterAccountCommandValidator Validator = new();

    private static RegisterAccountCommand Valid() => new()
    {
        Name = "Live Trading Account",
        Broker = "MetaQuotes",
        Login = 12345678,
        Password = new Password(Plaintext),
        Server = "MetaQuotes-Demo",
        IsLive = false,
        AllowedSymbols = ["EURUSD", "GBPUSD"],
        MaxLotSize = 0.1m,
        RiskPct = 0.01m,
        AutoTradeEnabled = true,
        Mt5Path = string.Empty,
        AccountType = "USD",
    };

    /// <summary>A valid command with one text field set; <paramref name="field"/> is the failure's property name.</summary>
    private static RegisterAccountCommand WithText(string field, string value) => field switch
    {
        "Name" => Valid() with { Name = value },
        "Broker" => Valid() with { Broker = value },
        "Server" => Valid() with { Server = value },
        "Password" => Valid() with { Password = new Password(value) },
        "AllowedSymbols[0]" => Valid() with { AllowedSymbols = [value] },
        "Mt5Path" => Valid() with { Mt5Path = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field"),
    };

    private static ValidationFailure SingleFailure(RegisterAccountCommand command)
    {
        var result = Validator.Validate(command);
        Assert.That(
            result.Errors,
            Has.Count.EqualTo(1),
            () => "Failures: " + string.Join(" | ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorCode}")));
        return result.Errors[0];
    }

    private static void AssertFailure(
        ValidationFailure failure, string propertyName, string errorCode, string message, Dictionary<string, object>? state)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure.PropertyName, Is.EqualTo(propertyName));
            Assert.That(failure.ErrorCode, Is.EqualTo(errorCode));
            Assert.That(failure.ErrorMessage, Is.EqualTo(message));
            if (state is null)
            {
                Assert.That(failure.CustomState, Is.Null);
            }
            else
            {
                Assert.That(failure.CustomState, Is.EqualTo(state));
            }
        }
    }

    private static void AssertValid(RegisterAccountCommand command)
    {
        var result = Validator.Validate(command);
        Assert.That(
            result.Errors,
            Is.Empty,
            () => "Failures: " + string.Join(" | ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorCode}")));
    }

    private static decimal Dec(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    [Test]
    public void Validate_HasNoErrors_ForAValidCommand()
    {
        AssertValid(Valid());
    }

    [Test]
    public void Validate_HasNoErrors_WithTheDefaults()
    {
        AssertValid(new RegisterAccountCommand
        {
            Name = "n",
            Broker = "b",
            Login = 1,
            Password = new Password("p"),
            Server = "s",
        });
    }

    [TestCase("Name", 101, 100)]
    [TestCase("Broker", 101, 100)]
    [TestCase("Server", 201, 200)]
    [TestCase("Password", 129, 128)]
    [TestCase("AllowedSymbols[0]", 33, 32)]
    [TestCase("Mt5Path", 501, 500)]
    [TestCase("Mt5Path", 5000, 500)]
    public void Validate_ReportsStringTooLong(string field, int length, int maxLength)
    {
        var failure = SingleFailure(WithText(field, new string('x', length)));

        AssertFailure(
            failure,
            field,
            "string_too_long",
            $"String should have at most {maxLength} characters",
            new Dictionary<string, object> { ["max_length"] = maxLength });
    }

    [TestCase("Name")]
    [TestCase("Broker")]
    [TestCase("Server")]
    [TestCase("Password")]
    [TestCase("AllowedSymbols[0]")]
    public void Validate_ReportsStringTooShort_WhenEmpty(string field)
    {
        var failure = SingleFailure(WithText(field, string.Empty));

        AssertFailure(
            failure,
            field,
            "string_too_short",
            "String should have at least 1 character",
            new Dictionary<string, object> { ["min_length"] = 1 });
    }

    [TestCase("Name", 100)]
    [TestCase("Name", 1)]
    [TestCase("Broker", 100)]
    [TestCase("Broker", 1)]
    [TestCase("Server", 200)]
    [TestCase("Server", 1)]
    [TestCase("Password", 128)]
    [TestCase("Password", 1)]
    [TestCase("AllowedSymbols[0]", 32)]
    [TestCase("AllowedSymbols[0]", 1)]
    [TestCase("Mt5Path", 500)]
    [TestCase("Mt5Path", 0)]
    public void Validate_AcceptsLengthsJustInside(string field, int length)
    {
        AssertValid(WithText(field, new string('x', length)));
    }

    [TestCase("Name", " ")]
    [TestCase("Name", "   ")]
    [TestCase("Name", "\u00A0\u2003")]
    [TestCase("Broker", "  ")]
    [TestCase("Server", "  ")]
    [TestCase("AllowedSymbols[0]", " ")]
    public void Validate_ReportsBlankText(string field, string value)
    {
        var failure = SingleFailure(WithText(field, value));

        AssertFailure(failure, field, "value_error", "Value error, must not be blank", null);
    }

    [TestCase("Name", "Live\nAccount")]
    [TestCase("Name", "Tab\tbed")]
    [TestCase("Name", "Nul\0")]
    [TestCase("Name", "Del\u007F")]
    [TestCase("Name", "C1\u0085control")]
    [TestCase("Broker", "Meta\rQuotes")]
    [TestCase("Server", "MetaQuotes-Demo\n")]
    [TestCase("Password", "pass\nword")]
    [TestCase("AllowedSymbols[0]", "EUR\u0000USD")]
    [TestCase("Mt5Path", "C:\\MT5\\\nterminal64.exe")]
    public void Validate_ReportsControlCharacters(string field, string value)
    {
        var failure = SingleFailure(WithText(field, value));

        AssertFailure(failure, field, "value_error", "Value error, must not contain control characters", null);
    }

    [Test]
    public void Validate_ReportsOnlyTheFirstFailureOfAField()
    {
        var failure = SingleFailure(Valid() with { Name = new string('\n', 101) });

        Assert.That(failure.ErrorCode, Is.EqualTo("string_too_long"));
    }

    [Test]
    public void Validate_ReportsEveryFailingField()
    {
        var result = Validator.Validate(Valid() with { Name = string.Empty, Login = 0, AccountType = "EUR" });

        Assert.That(result.Errors.Select(e => (e.PropertyName, e.ErrorCode)), Is.EquivalentTo(new[]
        {
            ("Name", "string_too_short"),
            ("Login", "greater_than"),
            ("AccountType", "literal_error"),
        }));
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(long.MinValue)]
    public void Validate_ReportsLoginNotGreaterThanZero(long login)
    {
        var failure = SingleFailure(Valid() with { Login = login });

        AssertFailure(failure, "Login", "greater_than", "Input should be greater than 0", new Dictionary<string, object> { ["gt"] = 0 });
    }

    [TestCase(1L)]
    [TestCase(long.MaxValue)]
    public void Validate_AcceptsPositiveLogin(long login)
    {
        AssertValid(Valid() with { Login = login });
    }

    [TestCase("0")]
    [TestCase("-0.1")]
    [TestCase("-100")]
    public void Validate_ReportsMaxLotSizeNotGreaterThanZero(string value)
    {
        var failure = SingleFailure(Valid() with { MaxLotSize = Dec(value) });

        AssertFailure(failure, "MaxLotSize", "greater_than", "Input should be greater than 0", new Dictionary<string, object> { ["gt"] = 0m });
    }

    [TestCase("100.0001")]
    [TestCase("100.00000001")]
    [TestCase("101")]
    public void Validate_ReportsMaxLotSizeAbove100(string value)
    {
        var failure = SingleFailure(Valid() with { MaxLotSize = Dec(value) });

        AssertFailure(
            failure, "MaxLotSize", "less_than_equal", "Input should be less than or equal to 100", new Dictionary<string, object> { ["le"] = 100m });
    }

    [TestCase("0")]
    [TestCase("-0.01")]
    public void Validate_ReportsRiskPctNotGreaterThanZero(string value)
    {
        var failure = SingleFailure(Valid() with { RiskPct = Dec(value) });

        AssertFailure(failure, "RiskPct", "greater_than", "Input should be greater than 0", new Dictionary<string, object> { ["gt"] = 0m });
    }

    [TestCase("1.01")]
    [TestCase("1.00000001")]
    [TestCase("2")]
    public void Validate_ReportsRiskPctAboveOne(string value)
    {
        var failure = SingleFailure(Valid() with { RiskPct = Dec(value) });

        AssertFailure(
            failure, "RiskPct", "less_than_equal", "Input should be less than or equal to 1", new Dictionary<string, object> { ["le"] = 1m });
    }

    [TestCase("100")]
    [TestCase("0.00000001")]
    [TestCase("12.12345678")]
    [TestCase("1.000000000000")]
    public void Validate_AcceptsMaxLotSizeJustInside(string value)
    {
        AssertValid(Valid() with { MaxLotSize = Dec(value) });
    }

    [TestCase("1")]
    [TestCase("0.00000001")]
    [TestCase("0.12345678")]
    [TestCase("0.0100000000000")]
    public void Validate_AcceptsRiskPctJustInside(string value)
    {
        AssertValid(Valid() with { RiskPct = Dec(value) });
    }

    // The body binder keeps numbers to the columns' 8 places, so no request reaches the validator with
    // more; a command built in code with more is no bound's business (the column rounds it).
    [TestCase("0.000000001", "0.012345678")]
    [TestCase("1.123456789", "0.000000001")]
    public void Validate_HasNoDecimalPlacesRule(string maxLotSize, string riskPct)
    {
        AssertValid(Valid() with { MaxLotSize = Dec(maxLotSize), RiskPct = Dec(riskPct) });
    }

    [TestCase("usd")]
    [TestCase("Usc")]
    [TestCase("EUR")]
    [TestCase(" USD")]
    [TestCase("")]
    public void Validate_ReportsAccountTypeOtherThanUsdOrUsc(string accountType)
    {
        var failure = SingleFailure(Valid() with { AccountType = accountType });

        AssertFailure(
            failure,
            "AccountType",
            "literal_error",
            "Input should be 'USD' or 'USC'",
            new Dictionary<string, object> { ["expected"] = "'USD' or 'USC'" });
    }

    [TestCase("USD")]
    [TestCase("USC")]
    public void Validate_AcceptsUsdAndUsc(string accountType)
    {
        AssertValid(Valid() with { AccountType = accountType });
    }

    [Test]
    public void Validate_ReportsARepeatedSymbolAtItsSecondIndex()
    {
        var failure = SingleFailure(Valid() with { AllowedSymbols = ["EURUSD", "eurusd"] });

        AssertFailure(failure, "AllowedSymbols[1]", "value_error", "Value error, 'eurusd' is listed more than once", null);
    }

    [Test]
    public void Validate_ReportsEveryRepeatedSymbol()
    {
        var result = Validator.Validate(Valid() with { AllowedSymbols = ["EURUSD", "GBPUSD", "XAUUSD", "gbpusd", "EURUSD", "EurUsd"] });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "AllowedSymbols[3]", "AllowedSymbols[4]", "AllowedSymbols[5]" }));
    }

    [Test]
    public void Validate_AcceptsDistinctSymbols()
    {
        AssertValid(Valid() with { AllowedSymbols = ["EURUSD", "EURUSD.m", "m.EURUSD", "EURUSDm"] });
    }

    [Test]
    public void Validate_ReportsMoreThan200Symbols()
    {
        var failure = SingleFailure(Valid() with { AllowedSymbols = Symbols(201) });

        AssertFailure(
            failure,
            "AllowedSymbols",
            "too_long",
            "List should have at most 200 items after validation, not 201",
            new Dictionary<string, object> { ["field_type"] = "List", ["max_length"] = 200, ["actual_length"] = 201 });
    }

    [Test]
    public void Validate_ReportsOnlyTooLong_ForAListPastTheMaximum_WhateverItsItems()
    {
        // Empty and repeated: read item by item, each of these 8,000 would be an error.
        var result = Validator.Validate(Valid() with { AllowedSymbols = Enumerable.Repeat(string.Empty, 8_000).ToArray() });

        Assert.That(result.Errors.Select(e => $"{e.PropertyName}:{e.ErrorCode}"), Is.EqualTo(new[] { "AllowedSymbols:too_long" }));
    }

    [Test]
    public void Validate_DoesNotReportASymbolTooLongToBeOne_AsRepeated()
    {
        var symbol = new string('X', 33);

        var result = Validator.Validate(Valid() with { AllowedSymbols = [symbol, symbol.ToLowerInvariant()] });

        Assert.That(result.Errors.Select(e => $"{e.PropertyName}:{e.ErrorCode}"), Is.EqualTo(new[] { "AllowedSymbols[0]:string_too_long" }));
    }

    [Test]
    public void Validate_Accepts200Symbols()
    {
        AssertValid(Valid() with { AllowedSymbols = Symbols(200) });
    }

    [Test]
    public void Validate_AcceptsNoSymbols()
    {
        AssertValid(Valid() with { AllowedSymbols = [] });
    }

    [Test]
    public void Validate_ReportsTheSymbolAtItsIndex()
    {
        var failure = SingleFailure(Valid() with { AllowedSymbols = ["EURUSD", "GBPUSD", new string('X', 33)] });

        Assert.That(failure.PropertyName, Is.EqualTo("AllowedSymbols[2]"));
    }

    [TestCase("too-long-", 129)]
    [TestCase("pass\u0001word", 0)]
    public void Validate_DoesNotExposeThePlaintext_InAPasswordFailure(string seed, int padding)
    {
        var plaintext = seed + new string('s', padding);

        var failure = SingleFailure(Valid() with { Password = new Password(plaintext) });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure.PropertyName, Is.EqualTo("Password"));
            Assert.That(failure.AttemptedValue, Is.Not.EqualTo(plaintext));
            Assert.That(failure.AttemptedValue, Is.Not.InstanceOf<string>());
            Assert.That(failure.AttemptedValue, Is.InstanceOf<Password>());
            Assert.That(failure.AttemptedValue?.ToString(), Does.Not.Contain(plaintext));
            Assert.That(failure.ErrorMessage, Does.Not.Contain(plaintext));
        }
    }

    private static string[] Symbols(int count) => Enumerable.Range(0, count)
        .Select(i => "S" + i.ToString("D3", CultureInfo.InvariantCulture))
        .ToArray();
}
