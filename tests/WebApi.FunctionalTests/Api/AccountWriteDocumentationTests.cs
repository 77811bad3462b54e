using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>The OpenAPI document of PATCH and DELETE, the ETag and If-Match headers, and the list's filters.</summary>
public sealed class AccountWriteDocumentationTests : SharedServiceTest
{
    private JsonNode _document = null!;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [OneTimeSetUp]
    public async Task ReadDocument()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");
        _document = await response.ReadJsonAsync();
    }

    [TestCase("/api/v1/accounts", "post", "201")]
    [TestCase("/api/v1/accounts/{account_id}", "get", "200")]
    [TestCase("/api/v1/accounts/{account_id}", "patch", "200")]
    public void AccountResponses_DocumentTheirETag(string path, string method, string status)
    {
        var header = _document["paths"]![path]![method]!["responses"]![status]!["headers"]?["ETag"];
        Assert.That(header?["schema"]?["type"]?.GetValue<string>(), Is.EqualTo("string"), _document["paths"]![path]![method]!.ToJsonString());
    }

    [TestCase("patch")]
    [TestCase("delete")]
    public void Writes_DocumentIfMatch_AndTheirStatuses(string method)
    {
        var operation = _document["paths"]!["/api/v1/accounts/{account_id}"]![method]!;
        var ifMatch = operation["parameters"]!.AsArray().SingleOrDefault(p => p!["name"]!.GetValue<string>() == "If-Match");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ifMatch?["in"]?.GetValue<string>(), Is.EqualTo("header"), operation.ToJsonString());
            Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "404", "412", "422" }));
            Assert.That(operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "account_id")!["schema"]!["type"]!.GetValue<string>(), Is.EqualTo("integer"));
        }
    }

    [Test]
    public void Patch_DocumentsItsBody_WithNoRequiredField()
    {
        var body = _document["paths"]!["/api/v1/accounts/{account_id}"]!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var schema = body["$ref"] is { } reference
            ? _document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!
            : body;
        Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "name", "allowed_symbols", "is_active", "account_type" }));
        Assert.That(schema["required"]?.AsArray() ?? [], Is.Empty);
    }

    [Test]
    public void List_DocumentsItsFilters()
    {
        var parameters = _document["paths"]!["/api/v1/accounts"]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters["is_active"], Does.Contain("\"boolean\""));
            Assert.That(parameters["broker"], Does.Contain("\"maxLength\":100"));
            Assert.That(parameters["server"], Does.Contain("\"maxLength\":200"));
            Assert.That(parameters["account_type"], Does.Contain("\"USD\"").And.Contain("\"USC\""));
            Assert.That(parameters["login"], Does.Contain("\"integer\""));
        }
    }
}
