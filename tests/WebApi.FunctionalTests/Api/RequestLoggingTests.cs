using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// The built service's console at the production defaults (Information): one line per request
/// from Serilog's request logging, with method, path, status, time, client address and trace id;
/// health probes below Information; ASP.NET Core's own per-request lines not repeating it; and
/// <c>Serilog:Json=true</c> writing a JSON object per line.
/// </summary>
public sealed partial class RequestLoggingTests : ServiceProcessTest
{
    // The production default level: ServiceProcess sets Warning unless told otherwise.
    private static readonly Dictionary<string, string> ProductionLogging = new() { ["Serilog__MinimumLevel__Default"] = string.Empty };

    [Test]
    public async Task EachRequest_IsOneLine_WithMethodPathStatusTimeClientAndTraceId()
    {
        await using var service = await ServiceProcess.StartAsync(DataDirectory, ProductionLogging);

        using (await service.Client.GetAsync("/health/live"))
        using (var created = await RegisterAsync(service.Client, 8995001))
        using (var missing = await service.Client.GetAsync($"{Requests.AccountsPath}/999"))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var lines = await LinesUntilAsync(service, lines => lines.Any(line => line.Contains("GET /api/v1/accounts/999", StringComparison.Ordinal)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Where(line => line.Contains("POST /api/v1/accounts", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1)
                .And.One.Match(RequestLine("POST", "/api/v1/accounts", 201)));
            Assert.That(lines.Where(line => line.Contains("GET /api/v1/accounts/999", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1)
                .And.One.Match(RequestLine("GET", "/api/v1/accounts/999", 404)));
            Assert.That(lines, Has.None.Contain("/health/"), "health probes (this one and the start-up's readiness polls) are at Debug");
            Assert.That(
                lines.Where(line => new[] { "Request starting", "Request finished", "Executing endpoint", "Executed action" }.Any(line.Contains)),
                Is.Empty, "ASP.NET Core's own per-request lines do not repeat it");
        }
    }

    [Test]
    public async Task ARequestPath_CannotWriteALineOfItsOwn()
    {
        await using var service = await ServiceProcess.StartAsync(DataDirectory, ProductionLogging);

        using (var response = await service.Client.GetAsync("/x/%0D%0A[12:00:00%20INF]%20HTTP%20GET%20/forged%1B[31m"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var lines = await LinesUntilAsync(service, lines => lines.Any(line => line.Contains("responded 404", StringComparison.Ordinal)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.One.Match(RequestLine("GET", "/x/%0D%0A%5B12:00:00%20INF%5D%20HTTP%20GET%20/forged%1B%5B31m", 404)));
            Assert.That(lines, Has.None.StartWith("[12:00:00 INF]"));
            // Ordinal: a culture-aware search ignores control characters, and finds ESC in every line.
            Assert.That(lines.Where(line => line.Contains('\u001b', StringComparison.Ordinal)), Is.Empty, "nor send the terminal an escape sequence");
        }
    }

    [Test]
    public async Task WithSerilogJson_EveryLineIsAJsonObject_AndTheRequestLineCarriesTheFields()
    {
        await using var service = await ServiceProcess.StartAsync(DataDirectory, new Dictionary<string, string>(ProductionLogging)
        {
            ["Serilog__Json"] = "true",
            // Health probes are logged at Debug: shown here by letting the request logger's Debug through.
            ["Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware"] = "Debug",
        });

        using (var created = await RegisterAsync(service.Client, 8995002))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var lines = await LinesUntilAsync(service, lines => lines.Any(line => line.Contains("\"RequestMethod\":\"POST\"", StringComparison.Ordinal)));
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var request = events.Single(e => e.TryGetProperty("RequestMethod", out var method) && method.GetString() == "POST");
        var probe = events.First(e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/health/ready");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Is.Not.Empty.And.All.Matches<JsonElement>(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("@t", out _)));
            Assert.That(request.GetProperty("RequestPath").GetString(), Is.EqualTo("/api/v1/accounts"));
            Assert.That(request.GetProperty("StatusCode").GetInt32(), Is.EqualTo(201));
            Assert.That(request.GetProperty("Elapsed").GetDouble(), Is.GreaterThan(0));
            Assert.That(request.GetProperty("ClientAddress").GetString(), Is.EqualTo("127.0.0.1"));
            Assert.That(request.GetProperty("TraceId").GetString(), Does.Match("^[0-9a-f]{32}$"));
            Assert.That(request.GetProperty("@m").GetString(), Does.StartWith("HTTP POST /api/v1/accounts responded 201 in "));
            Assert.That(request.TryGetProperty("@l", out _), Is.False, "Information, which compact JSON leaves implicit");
            Assert.That(probe.GetProperty("@l").GetString(), Is.EqualTo("Debug"));
        }
    }

    [Test]
    public async Task StartUp_IsRefused_WhenSerilogJsonIsNotABoolean()
    {
        var (exitCode, output) = await ServiceProcess.RunAsync(DataDirectory, new Dictionary<string, string> { ["Serilog__Json"] = "yes" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("AccountRegistry cannot start: ").And.Contain("Serilog:Json").And.Not.Contain("   at "));
        }
    }

    private static Regex RequestLine(string method, string path, int status) =>
        new($@"HTTP {method} {Regex.Escape(path)} responded {status} in \d+\.\d ms from 127\.0\.0\.1, trace [0-9a-f]{{32}}$");

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, long login) =>
        await client.PostAsync(Requests.AccountsPath, new StringContent(Requests.ForLogin(login).ToJsonString(), Encoding.UTF8, "application/json"));

    // The line of a request is written as its answer leaves: wait (bounded) until it is there.
    private static async Task<IReadOnlyList<string>> LinesUntilAsync(ServiceProcess service, Func<IReadOnlyList<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var lines = service.StandardOutput;
            if (done(lines))
            {
                return lines;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The expected log line did not come within 10 s. Output:\n" + string.Join('\n', lines));
            }

            await Task.Delay(50);
        }
    }
}
