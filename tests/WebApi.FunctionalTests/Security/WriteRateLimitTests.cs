using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Accounts;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>RateLimiting:WritePerMinute holds PATCH and DELETE, apart from registrations and reads.</summary>
public sealed class WriteRateLimitTests : SharedServiceTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["RateLimiting:WritePerMinute"] = "2" };

    [Test]
    public async Task ChangesPastTheMinutesLimit_Get429WithRetryAfter_WhileReadsGoOn()
    {
        var (id, _) = await Client.RegisterAsync(Requests.SpecExample());

        using var first = await Client.PatchAsync(id, new JsonObject { ["name"] = "One" });
        using var second = await Client.PatchAsync(id, new JsonObject { ["name"] = "Two" });
        using var third = await Client.DeleteAsync(id);
        using var read = await Client.GetAsync(AccountWriteRequests.PathOf(id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(third.Headers.RetryAfter, Is.Not.Null);
            Assert.That((await third.ReadJsonAsync())["detail"], Is.Not.Null);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads have their own limit");
            Assert.That((await read.ReadJsonAsync())["name"]!.GetValue<string>(), Is.EqualTo("Two"));
        }
    }
}
