using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>PATCH and DELETE requests on one account, and registering the accounts they work on.</summary>
internal static class AccountWriteRequests
{
    public static string PathOf(long id) => $"{Requests.AccountsPath}/{id}";

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, long id, JsonNode body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.PatchRawAsync(PathOf(id), body.ToJsonString(), ifMatch, idempotencyKey);

    public static async Task<HttpResponseMessage> PatchRawAsync(
        this HttpClient client, string path, string body, string? ifMatch = null, string? idempotencyKey = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        AddHeaders(request, ifMatch, idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> DeleteAsync(this HttpClient client, long id, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, PathOf(id));
        AddHeaders(request, ifMatch, idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>Registers <paramref name="body"/> (201 expected) and gives the account's id and ETag.</summary>
    public static async Task<(long Id, string ETag)> RegisterAsync(this HttpClient client, JsonObject body)
    {
        using var created = await client.PostJsonAsync(body);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return ((await created.ReadJsonAsync())["id"]!.GetValue<long>(), ETagOf(created));
    }

    public static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new AssertionException($"No ETag on {(int)response.StatusCode}");

    private static void AddHeaders(HttpRequestMessage request, string? ifMatch, string? idempotencyKey)
    {
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
    }
}
