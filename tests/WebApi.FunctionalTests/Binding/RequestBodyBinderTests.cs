using System.Text;
using System.Text.Json;
using AccountRegistry.Application;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.UpdateAccount;
using AccountRegistry.WebApi.Binding;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.FunctionalTests.Binding;

/// <summary>
/// The one body binder reads request types other than register's, through MVC's own formatter
/// context: the merge-patch of an account (absent, null, a value, a wrong type) and a new password.
/// </summary>
public sealed class RequestBodyBinderTests
{
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void CreateServices()
    {
        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton(Options.Create(new RequestLimitsOptions()));
        services.AddSingleton<RequestContracts>();
        _services = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public void DisposeServices() => _services.Dispose();

    [Test]
    public async Task AnEmptyPatch_LeavesEveryFieldUnset()
    {
        var patch = await BindAsync<UpdateAccountCommand>("{}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(patch.Name.IsSet, Is.False);
            Assert.That(patch.AllowedSymbols.IsSet, Is.False);
            Assert.That(patch.MaxLotSize.IsSet, Is.False);
            Assert.That(patch.IsActive.IsSet, Is.False);
            Assert.That(patch.AccountType.IsSet, Is.False);
        }
    }

    [Test]
    public async Task APatch_SetsTheFieldsGiven_WithPydanticsCoercions_AndOnlyThose()
    {
        var patch = await BindAsync<UpdateAccountCommand>(
            """{"name": "Renamed", "is_active": "no", "max_lot_size": "0.30000000000000004", "allowed_symbols": ["EURUSD"], "account_type": "USC"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(patch.Name, Is.EqualTo(new Application.Common.Models.Optional<string>("Renamed")));
            Assert.That(patch.IsActive.Value, Is.False);
            Assert.That(patch.MaxLotSize.Value, Is.EqualTo(0.3m));
            Assert.That(patch.AllowedSymbols.Value, Is.EqualTo(new[] { "EURUSD" }));
            Assert.That(patch.AccountType.Value, Is.EqualTo("USC"));
            Assert.That(patch.Broker.IsSet, Is.False);
            Assert.That(patch.RiskPct.IsSet, Is.False);
            Assert.That(patch.PaperTradeEnabled.IsSet, Is.False);
        }
    }

    [TestCase("name", "string_type", "Input should be a valid string")]
    [TestCase("broker", "string_type", "Input should be a valid string")]
    [TestCase("is_live", "bool_type", "Input should be a valid boolean")]
    [TestCase("is_active", "bool_type", "Input should be a valid boolean")]
    [TestCase("paper_trade_enabled", "bool_type", "Input should be a valid boolean")]
    [TestCase("max_lot_size", "float_type", "Input should be a valid number")]
    [TestCase("allowed_symbols", "list_type", "Input should be a valid list")]
    [TestCase("mt5_path", "string_type", "Input should be a valid string")]
    [TestCase("account_type", "literal_error", "Input should be 'USD' or 'USC'")]
    public async Task AnExplicitNull_ForAFieldThatCannotBeNull_Is422(string field, string type, string message)
    {
        var errors = await RefusedAsync<UpdateAccountCommand>($$"""{"{{field}}": null}""");

        Assert.That(errors.Select(Describe), Is.EqualTo(new[] { $"body.{field}:{type}:{message}" }));
    }

    [Test]
    public async Task WrongTypes_AreReportedWithTheValidatorsBounds_InFieldOrder()
    {
        var errors = await RefusedAsync<UpdateAccountCommand>(
            """{"account_type": 1, "max_lot_size": "lots", "name": "", "login": "abc", "server": "Other-Server", "risk_pct": 1e400}""");

        Assert.That(errors.Select(Describe), Is.EqualTo(new[]
        {
            "body.name:string_too_short:String should have at least 1 character",
            "body.login:int_parsing:Input should be a valid integer, unable to parse string as an integer",
            "body.server:value_error:Value error, the server cannot change; register the new account instead",
            "body.max_lot_size:float_parsing:Input should be a valid number, unable to parse string as a number",
            "body.risk_pct:less_than_equal:Input should be less than or equal to 1",
            "body.account_type:literal_error:Input should be 'USD' or 'USC'",
        }));
        Assert.That(errors.Single(error => error.Loc[1] is "max_lot_size").Input, Is.EqualTo("lots"));
    }

    [Test]
    public async Task AListPastItsMaximum_IsOneTooLong_WithoutReadingItsItems()
    {
        var items = string.Join(',', Enumerable.Repeat("1", 201));

        var errors = await RefusedAsync<UpdateAccountCommand>($$"""{"allowed_symbols": [{{items}}]}""");

        Assert.That(errors.Select(Describe), Is.EqualTo(new[]
        {
            "body.allowed_symbols:too_long:List should have at most 200 items after validation, not 201",
        }));
    }

    [Test]
    public async Task ABadSymbol_IsReportedAtItsIndex_WithTheOthersBounds()
    {
        var errors = await RefusedAsync<UpdateAccountCommand>($$"""{"allowed_symbols": ["EURUSD", "{{new string('S', 33)}}", 7, "eurusd"], "max_lot_size": 0}""");

        Assert.That(errors.Select(error => $"{string.Join('.', error.Loc)}:{error.Type}"), Is.EqualTo(new[]
        {
            // Within a field, type errors come first, then the validator's.
            "body.allowed_symbols.2:string_type", "body.allowed_symbols.1:string_too_long", "body.allowed_symbols.3:value_error",
            "body.max_lot_size:greater_than",
        }));
    }

    [Test]
    public async Task ANewPassword_IsBound_AndTheAccountIdIsNotReadFromTheBody()
    {
        var command = await BindAsync<ChangePasswordCommand>("""{"password": "N3w-Secret", "account_id": 99}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(command.Password.Reveal(), Is.EqualTo("N3w-Secret"));
            Assert.That(command.AccountId, Is.Zero);
            Assert.That(command.ToString(), Does.Not.Contain("N3w-Secret"));
        }
    }

    [TestCase("{}", "body.password:missing:Field required")]
    [TestCase("""{"password": null}""", "body.password:string_type:Input should be a valid string")]
    [TestCase("""{"password": 123456789}""", "body.password:string_type:Input should be a valid string")]
    [TestCase("[]", "body:model_attributes_type:Input should be a valid dictionary or object to extract fields from")]
    [TestCase("", "body:missing:Field required")]
    public async Task ABadPasswordBody_Is422_AndNeverEchoesThePassword(string body, string expected)
    {
        var errors = await RefusedAsync<ChangePasswordCommand>(body);

        Assert.That(errors.Select(Describe), Is.EqualTo(new[] { expected }));
        Assert.That(errors.Select(error => error.Input), Is.All.Null);
    }

    [Test]
    public void ABodyOfAnotherCharset_Is415()
    {
        Assert.ThrowsAsync<UnsupportedMediaTypeException>(() =>
            ReadAsync<ChangePasswordCommand>("""{"password": "p"}""", "application/json; charset=utf-16"));
    }

    [Test]
    public void ABodyPastTheLimit_Is413()
    {
        var body = $$"""{"password": "{{new string('p', new RequestLimitsOptions().MaxRequestBodyBytes)}}"}""";

        Assert.ThrowsAsync<RequestBodyTooLargeException>(() => ReadAsync<ChangePasswordCommand>(body));
    }

    private static string Describe(ValidationError error) => $"{string.Join('.', error.Loc)}:{error.Type}:{error.Msg}";

    private async Task<T> BindAsync<T>(string body)
    {
        var result = await ReadAsync<T>(body);
        Assert.That(result.HasError, Is.False);
        return (T)result.Model!;
    }

    private async Task<IReadOnlyList<ValidationError>> RefusedAsync<T>(string body)
    {
        var refused = Assert.ThrowsAsync<RequestValidationException>(() => ReadAsync<T>(body));
        // Written as the API writes it: what reaches the client.
        var written = JsonSerializer.Serialize(new ValidationErrorResponse(refused.Errors), ApiJson.SerializerOptions);
        Assert.That(written, Does.Not.Contain("N3w-Secret").And.Not.Contain("123456789"));
        return refused.Errors;
    }

    private async Task<InputFormatterResult> ReadAsync<T>(string body, string contentType = "application/json")
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = bytes.Length;
        http.Request.ContentType = contentType;
        var context = new InputFormatterContext(
            http,
            modelName: string.Empty,
            new ModelStateDictionary(),
            new EmptyModelMetadataProvider().GetMetadataForType(typeof(T)),
            (stream, encoding) => new StreamReader(stream, encoding));
        var formatter = new RequestBodyInputFormatter();
        Assert.That(formatter.CanRead(context), Is.True);
        return await formatter.ReadAsync(context);
    }
}
