using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// A frontend on an allowed origin may call every endpoint of the account's lifecycle: the
/// preflight allows PUT, PATCH and DELETE with If-Match and Idempotency-Key, and the responses
/// let it read ETag, Location, Retry-After, X-Total-Count and Idempotent-Replayed.
/// </summary>
public sealed class CorsLifecycleTests : SharedServiceTest
{
    private const string Frontend = "https://app.example.com";

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Frontend };

    [TestCase("PATCH", "/api/v1/accounts/1", "content-type,if-match,idempotency-key,x-api-key")]
    [TestCase("DELETE", "/api/v1/accounts/1", "if-match,idempotency-key,x-api-key")]
    [TestCase("PUT", "/api/v1/accounts/1/password", "content-type,if-match,idempotency-key")]
    [TestCase("POST", "/api/v1/accounts/1/verify", "idempotency-key,x-api-key")]
    [TestCase("GET", "/api/v1/events", "x-api-key")]
    public async Task APreflight_FromAnAllowedOrigin_AllowsTheMethodAndItsHeaders(string method, string path, string headers)
    {
        using var preflight = await PreflightAsync(path, Frontend, method, headers);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Frontend }));
            Assert.That(Listed(preflight, "Access-Control-Allow-Methods"), Does.Contain(method.ToLowerInvariant()));
            Assert.That(Listed(preflight, "Access-Control-Allow-Headers"), Is.SupersetOf(headers.Split(',')));
        }
    }

    [Test]
    public async Task APreflight_ForAHeaderTheApiDoesNotTake_IsNotAllowed()
    {
        using var preflight = await PreflightAsync("/api/v1/accounts/1", Frontend, "PATCH", "if-match,x-forwarded-for");

        // The browser refuses the request: the header is not among those allowed.
        Assert.That(Listed(preflight, "Access-Control-Allow-Headers"), Does.Not.Contain("x-forwarded-for"));
    }

    [Test]
    public async Task APreflight_FromAnotherOrigin_AllowsNothing()
    {
        using var preflight = await PreflightAsync("/api/v1/accounts/1", "https://evil.example.com", "PATCH", "if-match");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
            Assert.That(preflight.Headers.Contains("Access-Control-Allow-Methods"), Is.False);
        }
    }

    [Test]
    public async Task AResponse_ToAnAllowedOrigin_ExposesTheHeadersAFrontendReads()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Add("Origin", Frontend);
        using var response = await Client.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Frontend }));
            Assert.That(Listed(response, "Access-Control-Expose-Headers"),
                Is.SupersetOf(new[] { "etag", "location", "retry-after", "x-total-count", "idempotent-replayed" }));
        }
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await Client.SendAsync(request);
    }

    // A header's comma-separated values, in lower case (header names are case-insensitive).
    private static List<string> Listed(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
            ? values.SelectMany(value => value.Split(',')).Select(value => value.Trim().ToLowerInvariant()).ToList()
            : [];
}
