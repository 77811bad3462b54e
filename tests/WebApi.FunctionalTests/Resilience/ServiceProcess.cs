using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>
/// The service as a real process on 127.0.0.1 (Production, Sandbox gateway, the tests' key), for
/// what an in-process host cannot show: SIGKILL and SIGTERM.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _output.Enqueue(line.Data);
            }
        };
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// The connection string of the database the service keeps in <paramref name="dataDirectory"/>:
    /// Production's file, which a test host (the Testing environment, a file of its own) opens only when told.
    /// </summary>
    public static string ConnectionString(string dataDirectory) => $"Data Source={Path.Combine(dataDirectory, "account-registry.db")}";

    /// <summary>The lines the service has written to standard output so far (its console log).</summary>
    public IReadOnlyList<string> StandardOutput => [.. _output];

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = StartInfo(dataDirectory, settings, "--urls", $"http://127.0.0.1:{port}");
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>Runs the built service with <paramref name="arguments"/> (a command such as
    /// <c>reencrypt-passwords</c>) to its end, and gives its exit code and its output (standard
    /// output, then standard error).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IDictionary<string, string>? settings, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(dataDirectory, settings, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', arguments)}` did not finish within a minute");
        }

        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, IDictionary<string, string>? settings, params string[] arguments)
    {
        var directory = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "WebApiDirectory").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(directory, "AccountRegistry.WebApi.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__DataDirectory"] = dataDirectory,
            [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = AccountRegistryFactory.EncryptionKey,
            ["Encryption__ActiveKeyId"] = AccountRegistryFactory.EncryptionKeyId,
            ["Mt5__Gateway"] = "Sandbox",
            ["Auth__AllowAnonymous"] = "true",
            ["Mt5__Sandbox__Accounts__0__Password"] = TestAccounts.AnyLoginPassword,
            ["Mt5__Sandbox__Accounts__0__Server"] = TestAccounts.AnyLoginServer,
            ["Mt5__Sandbox__Accounts__0__Symbols__0"] = "EURUSD",
            ["RateLimiting__RegisterPerMinute"] = "0",
            ["RateLimiting__ReadPerMinute"] = "0",
            ["Mt5__MaxVerificationsPerClient"] = "0",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            // An empty value takes a default setting away, as if it had never been configured.
            if (value.Length == 0)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    /// <summary>SIGKILL: no chance to finish anything.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGKILL of the service alone: what it started is left to fend for itself.</summary>
    public void KillServiceOnly() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!kill.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("`kill -TERM` did not finish within 30 s");
        }
    }

    /// <summary>Waits for the service to exit; a TimeoutException after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout) =>
        // The wait itself is bounded (not a token whose source is disposed before the wait ends).
        await _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
