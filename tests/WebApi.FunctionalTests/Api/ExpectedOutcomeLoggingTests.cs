using System.Net;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// An expected outcome (MT5 down, a login registered twice) is one Warning line: its status, what
/// happened and the trace id, no stack trace and no password. Faults keep theirs (see <see cref="UnexpectedErrorTests"/>).
/// </summary>
public sealed class ExpectedOutcomeLoggingTests
{
    // The request log's own line per request is not the outcome's: it is counted apart.
    private const string RequestLogSource = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Test]
    public async Task A503_BecauseMt5IsDown_IsOneWarningLine_WithoutAStackTrace()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Mt5:Sandbox:Available"] = "false" });
        using var client = factory.CreateClient();
        // The start-up notices (a Sandbox gateway, a test folder's mode) are not the request's.
        factory.LogEvents.Clear();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        AssertOneWarningLine(factory, 503, "Mt5UnavailableException", "Mt5:Sandbox:Available=false");
    }

    [Test]
    public async Task A409_ForALoginRegisteredAlready_IsOneWarningLine_WithoutAStackTrace()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();
        using (var first = await client.PostJsonAsync(Requests.SpecExample()))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        factory.LogEvents.Clear();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        AssertOneWarningLine(factory, 409, "AccountAlreadyExistsException", $"Account {TestAccounts.DemoLogin} already exists");
    }

    private static void AssertOneWarningLine(AccountRegistryFactory factory, int status, string outcome, string reason)
    {
        var events = factory.LogEvents.ToArray();
        var notable = events.Where(e => e.Level >= LogEventLevel.Warning && Source(e) != RequestLogSource).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(notable, Has.Length.EqualTo(1), string.Join(Environment.NewLine, notable.Select(e => e.RenderAll())));
            Assert.That(events.Where(e => e.Exception is not null).Select(e => e.RenderAll()), Is.Empty, "no stack trace anywhere");
            Assert.That(events.Select(e => e.RenderAll()), Has.None.Contains(TestAccounts.DemoPassword));
        }

        var line = notable[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.Level, Is.EqualTo(LogEventLevel.Warning));
            Assert.That(line.Properties["StatusCode"].ToString(), Is.EqualTo(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(line.Properties["Outcome"].ToString(), Is.EqualTo($"\"{outcome}\""));
            Assert.That(line.Properties["TraceId"].ToString().Trim('"'), Does.Match("^[0-9a-f]{32}$"), "the trace id as the request line and the audit trail give it");
            Assert.That(line.RenderAll(), Does.Contain(reason));
        }
    }

    private static string? Source(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) ? source.ToString().Trim('"') : null;
}
