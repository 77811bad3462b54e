using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>The OpenAPI document types path ids as what clients send: integers.</summary>
public sealed class ParameterDocumentationTests : SharedServiceTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [Test]
    public async Task TheAccountId_IsDocumentedAsA64BitInteger()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        var parameters = (await response.ReadJsonAsync())["paths"]!["/api/v1/accounts/{account_id}"]!["get"]!["parameters"]!.AsArray();
        Assert.That(parameters.Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "account_id" }));
        Assert.That(parameters[0]!["in"]!.GetValue<string>(), Is.EqualTo("path"));
        Assert.That(parameters[0]!["schema"]!.ToJsonString(), Is.EqualTo("""{"type":"integer","format":"int64"}"""));
    }
}
