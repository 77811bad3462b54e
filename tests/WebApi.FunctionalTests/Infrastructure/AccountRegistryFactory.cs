using System.Collections.Concurrent;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Hosts the real service on a real SQLite file in a fresh folder, with a fixed encryption key and
/// the Sandbox gateway configured with <see cref="TestAccounts"/>. Only the settings given change.
/// </summary>
public sealed class AccountRegistryFactory : WebApplicationFactory<Program>
{
    public const string EncryptionKeyId = "test-1";

    // A fixed 32-byte test key; it protects nothing outside these tests.
    public static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public AccountRegistryFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "account-registry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>(TestAccounts.Settings)
        {
            ["Database:DataDirectory"] = DataDirectory,
            [$"Encryption:Keys:{EncryptionKeyId}"] = EncryptionKey,
            ["Encryption:ActiveKeyId"] = EncryptionKeyId,
            ["Mt5:Gateway"] = "Sandbox",
            // The spec's anonymous mode, which outside Development must be asked for.
            ["Auth:AllowAnonymous"] = "true",
            // Limits are off unless a test turns them on: most tests register more than 10 accounts a minute.
            ["RateLimiting:RegisterPerMinute"] = "0",
            ["RateLimiting:ReadPerMinute"] = "0",
            ["RateLimiting:WritePerMinute"] = "0",
            ["Mt5:MaxVerificationsPerClient"] = "0",
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose",
            // Captured events are all the tests need; the console gets only fatal ones.
            ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Fatal",
        };
        // A null value removes a default setting, as if it had never been configured.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }

        _configureServices = configureServices;
    }

    public string DataDirectory { get; }

    /// <summary>The SQLite file: the Testing environment's own (every environment but Production has one).</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "account-registry.testing.db");

    /// <summary>Every log event the service wrote, at every level.</summary>
    public ConcurrentQueue<LogEvent> LogEvents { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(new CapturingSink(LogEvents));
            _configureServices?.Invoke(services);
        });
    }

    /// <summary>Empties the accounts table, so each test starts from a clean state.</summary>
    public async Task ResetDatabaseAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        await db.Accounts.ExecuteDeleteAsync();
        LogEvents.Clear();
    }

    public async Task<int> CountAccountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        return await db.Accounts.CountAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class CapturingSink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
