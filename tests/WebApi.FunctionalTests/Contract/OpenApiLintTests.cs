using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Contract;

/// <summary>
/// The OpenAPI document the built service serves passes Redocly's CLI under its recommended rules
/// (redocly.yaml) with no error and no warning. The CLI is the version pinned in
/// .ci/tools/package-lock.json, which .ci/run installs (<c>npm ci --prefix .ci/tools</c>); without it
/// the test fails and says so, it is never skipped.
/// </summary>
public sealed class OpenApiLintTests : SharedServiceTest
{
    private static readonly string Cli = Python.RepositoryFile(".ci/tools/node_modules/@redocly/cli/bin/cli.js");

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Docs:Enabled"] = "true" };

    [Test]
    public async Task TheDocument_PassesRedoclysRecommendedRules_WithNoErrorOrWarning()
    {
        Assert.That(File.Exists(Cli), Is.True, $"Redocly's CLI is not installed at {Cli}: run `npm ci --prefix .ci/tools` (as .ci/run does)");
        using var response = await Client.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = Path.Combine(Factory.DataDirectory, "openapi.json");
        await File.WriteAllTextAsync(document, await response.Content.ReadAsStringAsync());

        var (exitCode, output, errors) = await RunAsync("lint", document, "--config", Python.RepositoryFile("redocly.yaml"), "--format", "json");

        // The JSON report: its totals, and each problem's rule, message and place for the failure's message.
        var report = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
        var problems = string.Join(Environment.NewLine, report["problems"]!.AsArray().Select(problem =>
            $"{problem!["severity"]} {problem["ruleId"]}: {problem["message"]} at {problem["location"]?[0]?["pointer"]}"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["totals"]!["errors"]!.GetValue<int>(), Is.Zero, problems);
            Assert.That(report["totals"]!["warnings"]!.GetValue<int>(), Is.Zero, problems);
            Assert.That(exitCode, Is.Zero, errors);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Python.RepositoryFile("."),
        };
        start.ArgumentList.Add(Cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing leaves the machine: no usage data, no look-up of newer versions.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("redocly lint did not finish within two minutes");
        }

        return (process.ExitCode, await output, await errors);
    }
}
