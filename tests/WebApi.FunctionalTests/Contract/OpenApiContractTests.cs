using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.OpenApi;

namespace AccountRegistry.WebApi.FunctionalTests.Contract;

/// <summary>
/// What the OpenAPI document says of every operation, from each action's metadata: its
/// operationId, the Idempotency-Key it honours, the X-Api-Key scheme, the headers that come with a
/// status (Location, Retry-After, X-Total-Count), and the enums of account_type and the event types.
/// </summary>
public sealed class OpenApiContractTests : SharedServiceTest
{
    private JsonNode _document = null!;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [SetUp]
    public async Task ReadTheDocument()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");
        _document = await response.ReadJsonAsync();
    }

    private IEnumerable<(string Path, string Method, JsonNode Operation)> Operations =>
        _document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (path.Key, op.Key, op.Value!)));

    private JsonNode Operation(string path, string method) => _document["paths"]![path]![method]!;

    [Test]
    public void EveryOperation_HasAUniqueOperationId_NamedAfterItsAction()
    {
        var ids = Operations.ToDictionary(op => $"{op.Method} {op.Path}", op => op.Operation["operationId"]?.GetValue<string>());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids.Values, Is.All.Not.Null);
            Assert.That(ids.Values, Is.Unique);
            Assert.That(ids["post /api/v1/accounts"], Is.EqualTo("registerAccount"));
            Assert.That(ids["get /api/v1/accounts"], Is.EqualTo("listAccounts"));
            Assert.That(ids["get /api/v1/accounts/{account_id}"], Is.EqualTo("getAccount"));
            Assert.That(ids["get /api/v1/events"], Is.EqualTo("listEvents"));
            Assert.That(ids["patch /api/v1/accounts/{account_id}"], Is.EqualTo("updateAccount"));
            Assert.That(ids["delete /api/v1/accounts/{account_id}"], Is.EqualTo("deleteAccount"));
            Assert.That(ids["put /api/v1/accounts/{account_id}/password"], Is.EqualTo("changeAccountPassword"), "named by the route's resource, not the controller");
            Assert.That(ids["post /api/v1/accounts/{account_id}/verify"], Is.EqualTo("verifyAccount"));
            Assert.That(ids["get /api/v1/accounts/{account_id}/verification"], Is.EqualTo("getAccountVerification"));
        }
    }

    [TestCase("Accounts", "Register", "registerAccount")]
    [TestCase("Accounts", "List", "listAccounts")]
    [TestCase("Accounts", "Get", "getAccount")]
    [TestCase("Accounts", "Update", "updateAccount")]
    [TestCase("Accounts", "Delete", "deleteAccount")]
    [TestCase("Accounts", "ChangePassword", "changeAccountPassword")]
    [TestCase("Accounts", "Verify", "verifyAccount")]
    [TestCase("Accounts", "GetVerification", "getAccountVerification")]
    [TestCase("Events", "List", "listEvents")]
    public void TheOperationId_IsTheVerbTheResourcesNounAndTheRest(string resource, string action, string expected) =>
        Assert.That(OperationIdTransformer.OperationId(resource, action), Is.EqualTo(expected));

    [Test]
    public void EveryIdempotentAction_DocumentsIdempotencyKey_AndNoOtherDoes()
    {
        var withKey = Operations
            .Where(op => op.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header") == true)
            .Select(op => op.Operation["operationId"]!.GetValue<string>());

        Assert.That(withKey, Is.EquivalentTo(Operations.Where(op => op.Method != "get").Select(op => op.Operation["operationId"]!.GetValue<string>())));
        Assert.That(withKey, Does.Contain("registerAccount"));
    }

    [Test]
    public void XApiKey_IsTheSecurityScheme_OfEveryApiOperation()
    {
        var scheme = _document["components"]!["securitySchemes"]!["ApiKey"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("apiKey"));
            Assert.That(scheme["in"]!.GetValue<string>(), Is.EqualTo("header"));
            Assert.That(scheme["name"]!.GetValue<string>(), Is.EqualTo("X-Api-Key"));
            foreach (var (path, method, operation) in Operations.Where(op => op.Path.StartsWith("/api/", StringComparison.Ordinal)))
            {
                Assert.That(operation["security"]?[0]?["ApiKey"], Is.Not.Null, $"{method} {path}");
            }
        }
    }

    [Test]
    public void StatusesDocumentTheirHeaders_LocationRetryAfterAndTotalCount()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Operation("/api/v1/accounts", "post")["responses"]!["201"]!["headers"]!["Location"], Is.Not.Null);
            foreach (var status in new[] { "409", "429", "503" })
            {
                Assert.That(Operation("/api/v1/accounts", "post")["responses"]![status]!["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>(),
                    Is.EqualTo("integer"), status);
            }

            foreach (var (path, method, operation) in Operations)
            {
                if (operation["responses"]!["429"] is { } tooMany)
                {
                    Assert.That(tooMany["headers"]?["Retry-After"], Is.Not.Null, $"{method} {path}");
                }
            }

            Assert.That(Operation("/api/v1/events", "get")["responses"]!["200"]!["headers"]!["X-Total-Count"], Is.Not.Null);
        }
    }

    [Test]
    public void TheLifecycle_DocumentsIfMatchOnItsWrites_AndETagOnItsAccounts()
    {
        static bool TakesIfMatch(JsonNode operation) =>
            operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header") == true;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TakesIfMatch(Operation("/api/v1/accounts/{account_id}", "patch")), Is.True);
            Assert.That(TakesIfMatch(Operation("/api/v1/accounts/{account_id}", "delete")), Is.True);
            Assert.That(TakesIfMatch(Operation("/api/v1/accounts/{account_id}/password", "put")), Is.True);
            Assert.That(TakesIfMatch(Operation("/api/v1/accounts/{account_id}", "get")), Is.False);
            Assert.That(Operation("/api/v1/accounts/{account_id}", "get")["responses"]!["200"]!["headers"]!["ETag"], Is.Not.Null);
            Assert.That(Operation("/api/v1/accounts/{account_id}", "patch")["responses"]!["200"]!["headers"]!["ETag"], Is.Not.Null);
            Assert.That(Operation("/api/v1/accounts", "post")["responses"]!["201"]!["headers"]!["ETag"], Is.Not.Null);
            Assert.That(Operation("/api/v1/accounts/{account_id}/password", "put")["responses"]!["204"]!["headers"]!["ETag"], Is.Not.Null);
            Assert.That(Operation("/api/v1/accounts/{account_id}", "delete")["responses"]!["204"]!["headers"]?["ETag"], Is.Null, "a deleted account has no version");
        }
    }

    [Test]
    public void AccountType_IsItsEnum_InTheRequestAndTheResponse()
    {
        var schemas = _document["components"]!["schemas"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schemas["AccountResponse"]!["properties"]!["account_type"]!["enum"]!.ToJsonString(), Is.EqualTo("""["USD","USC"]"""));
            Assert.That(schemas["RegisterAccountCommand"]!["properties"]!["account_type"]!["enum"]!.ToJsonString(), Is.EqualTo("""["USD","USC"]"""));
            Assert.That(schemas["UpdateAccountCommand"]!["properties"]!["account_type"]!["enum"]!.ToJsonString(), Is.EqualTo("""["USD","USC"]"""));
        }
    }

    [Test]
    public void TheEventsList_DocumentsItsFilters_AndTheEventTypes()
    {
        var parameters = Operation("/api/v1/events", "get")["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        const string types = """["registered","updated","password_changed","verified","verification_rejected","deleted"]""";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Keys, Is.EqualTo(new[] { "account_id", "login", "type", "skip", "limit" }));
            Assert.That(parameters["account_id"]["schema"]!.ToJsonString(), Is.EqualTo("""{"type":"integer","format":"int64"}"""));
            Assert.That(parameters["login"]["schema"]!.ToJsonString(), Is.EqualTo("""{"type":"integer","format":"int64"}"""));
            Assert.That(parameters["type"]["schema"]!["enum"]!.ToJsonString(), Is.EqualTo(types));
            Assert.That(parameters["limit"]["schema"]!["maximum"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(_document["components"]!["schemas"]!["AccountEventResponse"]!["properties"]!["type"]!["enum"]!.ToJsonString(), Is.EqualTo(types));
        }
    }

    [Test]
    public void TheErrorBody_DocumentsItsCode_AsTheEnumOfTheCatalogue_AndEachErrorStatusListsItsCodes()
    {
        var schema = _document["components"]!["schemas"]!["ErrorResponse"]!;
        var code = schema["properties"]!["code"]!;
        string[] mt5Codes = ["credentials_rejected", "account_mismatch", "symbols_unknown", "server_not_allowed", "terminal_not_allowed", "credentials_unusable",
            "terminal_failed", "terminal_timeout", "queue_full", "queue_timeout", "no_usable_terminal", "service_stopping", "mt5_unavailable",
            "database_unavailable", "password_unreadable"];
        var register = Operation("/api/v1/accounts", "post")["responses"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "detail", "code" }), schema.ToJsonString());
            Assert.That(schema["required"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "detail" }), "code is left out where an error has none");
            Assert.That(code["type"]!.GetValue<string>(), Is.EqualTo("string"), code.ToJsonString());
            Assert.That(code["enum"]!.AsArray().Select(n => n!.GetValue<string>()), Is.SupersetOf(mt5Codes));
            Assert.That(code["description"]!.GetValue<string>(), Does.Contain("queue_full (503): "));
            Assert.That(register["400"]!["description"]!.GetValue<string>(), Does.Contain("credentials_rejected").And.Contain("symbols_unknown").And.Not.Contain("queue_full"));
            Assert.That(register["503"]!["description"]!.GetValue<string>(), Does.Contain("queue_full").And.Contain("database_unavailable").And.Not.Contain("symbols_unknown"));
            Assert.That(register["409"]!["description"]!.GetValue<string>(), Does.EndWith("The body's code is one of: already_exists, in_progress, changed_concurrently."));
            Assert.That(register["422"]!["description"]!.GetValue<string>(), Does.Not.Contain("code"), "FastAPI's 422 list has no code");
            Assert.That(register["400"]!["content"]!["application/json"]!["example"]!["code"]!.GetValue<string>(), Is.EqualTo("credentials_rejected"));
        }
    }

    [Test]
    public void TheServer_IsTheServiceItself_AndEveryTagIsDescribed()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_document["servers"]!.ToJsonString(), Is.EqualTo("""[{"url":"/","description":"This service"}]"""));
            Assert.That(_document["tags"]!.AsArray().Select(tag => tag!["description"]?.GetValue<string>()), Is.All.Not.Null);
        }
    }
}
