using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AccountRegistry.WebApi.FunctionalTests.Observability;

/// <summary>
/// Traces, as an operator turns them on: the built service with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// (OTLP over HTTP/protobuf) in its environment sends its spans there, the request log's trace id is
/// the exported one, and no password travels with them. Unset, there is no tracer at all.
/// </summary>
public sealed partial class TracingTests : ServiceProcessTest
{
    [Test]
    public async Task WithAnOtlpEndpoint_ARegistrationsSpans_AreExported_UnderTheTraceIdItsLogLineGives()
    {
        using var collector = new OtlpReceiver();
        await using var service = await ServiceProcess.StartAsync(DataDirectory, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export each batch at once rather than after the default 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            // Information, where the request log writes its lines.
            ["Serilog__MinimumLevel__Default"] = string.Empty,
        });

        using (var created = await service.Client.PostJsonAsync(Requests.ForLogin(7200001)))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var traceId = await TraceIdOfAsync(service, "POST /api/v1/accounts responded 201");
        var bodies = await collector.WaitForAsync(
            "/v1/traces",
            body => Contains(body, Convert.FromHexString(traceId)),
            found => found.Any(body => Contains(body, "verify credentials"u8.ToArray())) && found.Any(body => Contains(body, "api/v1/accounts"u8.ToArray())));
        // Every export that carries the request's trace id (its spans may come in separate batches).
        var export = bodies.SelectMany(body => body).ToArray();

        using (Assert.EnterMultipleScope())
        {
            // Protobuf writes strings as they are: the span's name and tags, and the request's route, can be looked for.
            Assert.That(Contains(export, "account-registry"u8.ToArray()), Is.True, "the default service name");
            Assert.That(Contains(export, "verify credentials"u8.ToArray()) && Contains(export, "api/v1/accounts"u8.ToArray()), Is.True,
                "the credential check's span and ASP.NET Core's, with the route");
            Assert.That(Contains(export, "register"u8.ToArray()) && Contains(export, "verified"u8.ToArray()), Is.True, "the kind and outcome tags");
            Assert.That(Contains(export, Encoding.UTF8.GetBytes(TestAccounts.AnyLoginPassword)), Is.False, "never the password");
            Assert.That(Contains(export, "7200001"u8.ToArray()), Is.False, "nor the login");
        }
    }

    [Test]
    public async Task WithoutAnOtlpEndpoint_ThereIsNoTracer_NorAMeterProvider_AndWithOneThereIs()
    {
        await using var off = new AccountRegistryFactory();
        using var offClient = off.CreateClient();
        // An endpoint nothing listens on: the tracer is built, and nothing is exported within this test.
        await using var on = new AccountRegistryFactory(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        using var onClient = on.CreateClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(off.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(off.Services.GetService<MeterProvider>(), Is.Null, "Metrics:Enabled is off too");
            Assert.That(on.Services.GetService<TracerProvider>(), Is.Not.Null);
        }
    }

    private static async Task<string> TraceIdOfAsync(ServiceProcess service, string request)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (service.StandardOutput.Select(line => TraceOf().Match(line)).FirstOrDefault(match => match.Success && match.Value.Contains(request, StringComparison.Ordinal)) is { } found)
            {
                return found.Groups["trace"].Value;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No log line for '{request}':\n{string.Join('\n', service.StandardOutput)}");
        return string.Empty;
    }

    private static bool Contains(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;

    [GeneratedRegex("HTTP .* trace (?<trace>[0-9a-f]{32})$")]
    private static partial Regex TraceOf();
}
