using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>Requests to an account's credential endpoints, and what the database holds of them.</summary>
internal static class CredentialRequests
{
    public static string PasswordPath(long id) => $"{Requests.AccountsPath}/{id.ToString(CultureInfo.InvariantCulture)}/password";

    public static string VerifyPath(long id) => $"{Requests.AccountsPath}/{id.ToString(CultureInfo.InvariantCulture)}/verify";

    public static string VerificationPath(long id) => $"{Requests.AccountsPath}/{id.ToString(CultureInfo.InvariantCulture)}/verification";

    /// <summary>Registers the account and gives its id.</summary>
    public static async Task<long> RegisterAsync(HttpClient client, JsonObject request)
    {
        using var response = await client.PostJsonAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    public static Task<HttpResponseMessage> PutPasswordAsync(HttpClient client, long id, string password, string? ifMatch = null) =>
        PutRawAsync(client, PasswordPath(id), new JsonObject { ["password"] = password }.ToJsonString(), ifMatch);

    public static async Task<HttpResponseMessage> PutRawAsync(HttpClient client, string path, string body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> VerifyAsync(HttpClient client, long id) => client.PostAsync(VerifyPath(id), content: null);

    public static async Task<JsonNode> VerificationAsync(HttpClient client, long id)
    {
        using var response = await client.GetAsync(VerificationPath(id));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>The password_encrypted column, as stored.</summary>
    public static async Task<string> StoredCiphertextAsync(AccountRegistryFactory factory, long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        return await db.Database.SqlQueryRaw<string>("SELECT password_encrypted AS Value FROM accounts WHERE id = {0}", id).SingleAsync();
    }

    /// <summary>What the stored ciphertext opens to, with the service's own keys.</summary>
    public static async Task<string> StoredPasswordAsync(AccountRegistryFactory factory, long id, long login, string server)
    {
        var stored = await StoredCiphertextAsync(factory, id);
        var protector = factory.Services.GetRequiredService<IPasswordProtector>();
        return protector.Unprotect(new EncryptedPassword(stored), login, server).Reveal();
    }

    /// <summary>The account's audit events, oldest first.</summary>
    public static async Task<IReadOnlyList<AccountEvent>> EventsAsync(AccountRegistryFactory factory, long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        return await db.AccountEvents.AsNoTracking().Where(e => e.AccountId == id).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The ETag of the account's version.</summary>
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static string? ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static RetryConditionHeaderValue? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter;
}
