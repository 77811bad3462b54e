using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>Requests with <c>Prefer: respond-async</c>, and the polling of the jobs they queue.</summary>
internal static class AsyncRequests
{
    public const string RespondAsync = "respond-async";

    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, JsonNode? body, string? prefer = RespondAsync, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAccountAsync(HttpClient client, JsonNode body, string? prefer = RespondAsync, string? idempotencyKey = null) =>
        SendAsync(client, HttpMethod.Post, Requests.AccountsPath, body, prefer, idempotencyKey: idempotencyKey);

    /// <summary>Asserts a 202 of a queued job, and gives the job's path (its Location).</summary>
    public static async Task<string> AcceptedJobAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location?.ToString();
        Assert.That(location, Does.Match("^/api/v1/verifications/[A-Za-z0-9_-]{22}$"));
        return location!;
    }

    /// <summary>GETs the job until it has ended (generously bounded), and gives it.</summary>
    public static async Task<JsonNode> EndedAsync(HttpClient client, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            using var response = await client.GetAsync(location);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var job = await response.ReadJsonAsync();
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed")
            {
                return job;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"The job did not end in time: {job.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static string JobId(string location) => location[(location.LastIndexOf('/') + 1)..];

    /// <summary>The job's sealed_password column, as stored.</summary>
    public static async Task<string?> SealedPasswordAsync(IServiceProvider services, string id)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        return await db.Database.SqlQueryRaw<string?>("SELECT sealed_password AS Value FROM verification_jobs WHERE id = {0}", id).SingleAsync();
    }

    /// <summary>Runs one SQL statement on the service's database.</summary>
    public static async Task<int> ExecuteAsync(IServiceProvider services, string sql, params object[] parameters)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        return await db.Database.ExecuteSqlRawAsync(sql, parameters);
    }
}
