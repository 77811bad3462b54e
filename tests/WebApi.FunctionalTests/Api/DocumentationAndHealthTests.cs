using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

public sealed class DocumentationAndHealthTests : SharedServiceTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [Test]
    public async Task OpenApiDocument_DescribesTheRegisterEndpoint_WithItsExamplesAndEveryStatus()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await response.ReadJsonAsync();
        var post = document["paths"]!["/api/v1/accounts"]!["post"]!;
        var responses = post["responses"]!.AsObject().Select(r => r.Key);
        var requestBody = post["requestBody"]!["content"]!["application/json"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(responses, Is.SupersetOf(new[] { "201", "400", "401", "409", "413", "415", "422", "429", "500", "503" }));
            Assert.That(requestBody["example"]!["login"]!.GetValue<long>(), Is.EqualTo(12345678));
            Assert.That(post["responses"]!["201"]!["content"]!["application/json"]!["example"]!["created_at"]!.GetValue<string>(),
                Is.EqualTo("2026-05-16T14:30:00Z"));
            Assert.That(document["paths"]!["/api/v1/accounts/{account_id}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key),
                Is.SupersetOf(new[] { "200", "401", "404", "422", "429" }));
            Assert.That(document["paths"]!["/api/v1/accounts"]!["get"]!["responses"]!.AsObject().Select(r => r.Key),
                Is.SupersetOf(new[] { "200", "401", "422", "429" }));
        }

        var login = document["components"]!["schemas"]!["AccountResponse"]!["properties"]!["login"]!;
        Assert.That(login["type"]!.ToJsonString(), Is.EqualTo("\"integer\""), "integers are documented as integers only");

        var schemaText = document["components"]!["schemas"]!.ToJsonString();
        Assert.That(schemaText, Does.Contain("\"format\":\"password\""));
        Assert.That(schemaText, Does.Contain("\"allowed_symbols\""));
        Assert.That(schemaText, Does.Contain("\"paper_trade_enabled\""));
    }

    [Test]
    public async Task OpenApiDocument_DescribesSkipLimitAndTotalCount_OnTheList()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        var list = (await response.ReadJsonAsync())["paths"]!["/api/v1/accounts"]!["get"]!;
        var parameters = list["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Keys, Is.EquivalentTo(new[] { "is_active", "is_live", "auto_trade_enabled", "account_type", "broker", "server", "login", "skip", "limit" }));
            Assert.That(parameters["skip"]["in"]!.GetValue<string>(), Is.EqualTo("query"));
            Assert.That(parameters["skip"]["schema"]!.ToJsonString(), Is.EqualTo("""{"maximum":1000000,"minimum":0,"type":"integer","format":"int32","default":0}"""));
            Assert.That(parameters["limit"]["in"]!.GetValue<string>(), Is.EqualTo("query"));
            Assert.That(parameters["limit"]["schema"]!.ToJsonString(), Is.EqualTo("""{"maximum":1000,"minimum":1,"type":"integer","format":"int32","default":100}"""));
            Assert.That(list["responses"]!["200"]!["headers"]!["X-Total-Count"]!["schema"]!["type"]!.GetValue<string>(), Is.EqualTo("integer"));
            Assert.That(list["responses"]!["422"], Is.Not.Null);
        }
    }

    [Test]
    public async Task InteractiveReference_IsServedAtDocs()
    {
        using var response = await Client.GetAsync("/docs");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("openapi/v1.json"));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task HealthEndpoints_AreHealthy(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_ChecksTheDatabase()
    {
        using var response = await Client.GetAsync("/health/ready");

        Assert.That((await response.ReadJsonAsync())["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }
}
