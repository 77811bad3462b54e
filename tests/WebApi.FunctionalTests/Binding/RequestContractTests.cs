using System.Reflection;
using System.Text.Json.Nodes;
using AccountRegistry.Application;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.UpdateAccount;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Binding;
using AccountRegistry.WebApi.OpenApi;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.FunctionalTests.Binding;

/// <summary>Every request type's contract and OpenAPI schema come from its metadata, with no code of its own.</summary>
public sealed class RequestContractTests
{
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void CreateServices() => _services = new ServiceCollection().AddApplication().AddSingleton<RequestContracts>().BuildServiceProvider();

    [OneTimeTearDown]
    public void DisposeServices() => _services.Dispose();

    private static IEnumerable<Type> BodyTypes() => typeof(ApiJson).Assembly.GetTypes()
        .Where(type => typeof(ControllerBase).IsAssignableFrom(type))
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .SelectMany(method => method.GetParameters())
        .Where(parameter => parameter.IsDefined(typeof(FromBodyAttribute)))
        .Select(parameter => parameter.ParameterType)
        .Concat([typeof(UpdateAccountCommand), typeof(ChangePasswordCommand)])
        .Distinct();

    [TestCaseSource(nameof(BodyTypes))]
    public void EveryBodyType_HasAContract_AndASchema(Type type)
    {
        var contract = _services.GetRequiredService<RequestContracts>().For(type);
        var schema = new OpenApiSchema();

        RequestBodySchemaTransformer.Describe(contract, schema);

        Assert.That(schema.Properties!.Keys, Is.EqualTo(contract.FieldOrder));
        Assert.That(contract.Validators, Is.Not.Empty, "every request type has its validator");
    }

    [Test]
    public void ThePatchSchema_HasRegistersBounds_NoDefaults_AndNothingRequired()
    {
        var schema = Schema(typeof(UpdateAccountCommand));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema["required"]?.AsArray(), Is.Null.Or.Empty);
            Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[]
            {
                "name", "broker", "login", "server", "is_live", "allowed_symbols", "max_lot_size", "risk_pct",
                "auto_trade_enabled", "paper_trade_enabled", "is_active", "mt5_path", "account_type",
            }));
            Assert.That(schema.ToJsonString(), Does.Not.Contain("\"default\""));
            AssertJson(schema["properties"]!["name"], """{"maxLength":100,"minLength":1,"type":"string","description":"Human-readable account label"}""");
            AssertJson(schema["properties"]!["max_lot_size"], """{"maximum":100,"exclusiveMinimum":0,"type":"number","description":"Max trade volume in lots"}""");
            AssertJson(schema["properties"]!["allowed_symbols"]!["items"], """{"maxLength":32,"minLength":1,"type":"string"}""");
            Assert.That(schema["properties"]!["allowed_symbols"]!["maxItems"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(schema["properties"]!["allowed_symbols"]!["uniqueItems"]!.GetValue<bool>(), Is.True);
            Assert.That(schema["properties"]!["account_type"]!["enum"]!.ToJsonString(), Is.EqualTo("""["USD","USC"]"""));
        }
    }

    [Test]
    public void ThePasswordSchema_IsOneRequiredWriteOnlyPassword_WithoutThePathsId()
    {
        var schema = Schema(typeof(ChangePasswordCommand));

        AssertJson(schema, """
            {"required":["password"],"type":"object","properties":{"password":{"maxLength":128,"minLength":1,"type":"string",
             "description":"MT5 password; verified against MT5, encrypted before storage and never returned","format":"password","writeOnly":true}},
             "description":"The account's new MT5 password."}
            """);
    }

    [Test]
    public void ASecretOfAPrintableType_IsRefused()
    {
        var refused = Assert.Throws<NotSupportedException>(() => RequestContract.Create(typeof(PlainSecret), ApiJson.SerializerOptions, []));

        Assert.That(refused.Message, Does.Contain("Token"));
    }

    [Test]
    public void AFieldOfATypeWithNoReader_IsRefused()
    {
        var refused = Assert.Throws<NotSupportedException>(() => RequestContract.Create(typeof(UnknownField), ApiJson.SerializerOptions, []));

        Assert.That(refused.Message, Does.Contain(nameof(DateTime)));
    }

    private JsonNode Schema(Type type)
    {
        var schema = new OpenApiSchema();
        RequestBodySchemaTransformer.Describe(_services.GetRequiredService<RequestContracts>().For(type), schema);
        return JsonNode.Parse(schema.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).GetAwaiter().GetResult())!;
    }

    private static void AssertJson(JsonNode? actual, string expected) =>
        Assert.That(JsonNode.DeepEquals(actual, JsonNode.Parse(expected)), Is.True, actual?.ToJsonString());

    private sealed record PlainSecret
    {
        [NeverEchoed]
        public string Token { get; init; } = string.Empty;
    }

    private sealed record UnknownField
    {
        public DateTime When { get; init; }
    }
}
