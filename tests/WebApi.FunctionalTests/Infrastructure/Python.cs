using System.Diagnostics;
using System.Reflection;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Python 3 with Debian's python3-cryptography, which .ci/run installs: /usr/bin/python3 where it
/// exists (apt's packages are its), else python3 on PATH. A missing interpreter or package fails the
/// test that needs it; it is never skipped.
/// </summary>
internal static class Python
{
    public static string Executable => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>A file of this repository, by its path from the repository's root.</summary>
    public static string RepositoryFile(string relativePath) =>
        Path.Combine(
            typeof(Python).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryDirectory").Value!,
            relativePath);

    /// <summary>Runs Python with <paramref name="arguments"/>, <paramref name="input"/> on its standard input; gives its standard output, and fails the test when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string input, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} {string.Join(' ', arguments)} did not finish within a minute");
        }

        Assert.That(process.ExitCode, Is.Zero, $"{Executable} {string.Join(' ', arguments)} failed (python3-cryptography installed?): {await errors}");
        return await output;
    }
}
