using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Idempotency;
using AccountRegistry.Infrastructure.Legacy;
using AccountRegistry.Infrastructure.Mt5;
using AccountRegistry.Infrastructure.Mt5.MtApi5;
using AccountRegistry.Infrastructure.Mt5.Sandbox;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Security;
using AccountRegistry.Infrastructure.Settings;
using AccountRegistry.Infrastructure.Verifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The database, the password encryption and the MT5 gateway, from configuration.</summary>
    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddDatabase(configuration, environment);

        services.AddSettings<EncryptionOptions, EncryptionOptionsValidator>(configuration.GetSection(EncryptionOptions.SectionName));
        services.AddSingleton<IPostConfigureOptions<EncryptionOptions>, DevelopmentKeyProvisioner>();
        services.AddSingleton<IPasswordProtector, AesGcmPasswordProtector>();
        services.AddLegacyImport();

        services.AddSettings<Mt5Options, Mt5OptionsValidator>(configuration.GetSection(Mt5Options.SectionName))
            .PostConfigure<IOptions<DatabaseOptions>>((options, database) =>
            {
                options.Gateway ??= environment.IsDevelopment() ? Mt5GatewayKind.Sandbox : Mt5GatewayKind.MtApi5;
                // The service's own folder, never a fixed name under the shared temporary folder.
                options.WorkDirectory = options.WorkDirectory.Length > 0
                    ? Path.GetFullPath(options.WorkDirectory, environment.ContentRootPath)
                    : Path.Combine(DataDirectory.Resolve(database.Value, environment), "mt5-work");
            });
        services.AddSingleton<IMt5RequestPolicy, Mt5RequestPolicy>();
        services.AddSingleton<SandboxMt5Gateway>();
        services.AddSingleton<TerminalPool>();
        services.AddSingleton<MtApi5Gateway>();
        services.AddSingleton<IMt5Gateway>(provider =>
            provider.GetRequiredService<IOptions<Mt5Options>>().Value.Gateway == Mt5GatewayKind.MtApi5
                ? provider.GetRequiredService<MtApi5Gateway>()
                : provider.GetRequiredService<SandboxMt5Gateway>());
        services.AddHostedService<Mt5GatewayStartupNotice>();
        services.AddHostedService<TerminalLeftoversCleanup>();
        services.AddHealthChecks().AddCheck<TerminalPoolHealthCheck>("mt5_terminals", tags: ["ready"]);

        services.AddSettings<LockoutOptions, LockoutOptionsValidator>(configuration.GetSection(LockoutOptions.SectionName));
        services.AddHostedService<LockoutStartupNotice>();
        services.AddScoped<ILoginLockout, DatabaseLoginLockout>();
        services.AddSingleton<RequestFingerprinter>();
        services.AddSingleton<IIdempotencyStore, DatabaseIdempotencyStore>();
        services.AddSettings<VerificationOptions, VerificationOptionsValidator>(configuration.GetSection(VerificationOptions.SectionName));
        services.AddSingleton<IVerificationJobStore, DatabaseVerificationJobStore>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    private static void AddDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(DatabaseOptions.SectionName);
        // Read here as well, to choose the provider; what the binder refuses stops start-up.
        services.AddOptions<DatabaseOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString ??= $"Data Source={DataDirectory.DatabasePath(options, environment)}";
                services.AddDbContextPool<AccountRegistryDbContext, SqliteAccountRegistryDbContext>(
                    db => db.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance).QuietFailures());
                // Every context of the service takes it for its writes (AccountRegistryDbContext).
                services.AddSingleton<DatabaseWriteGate, SingleWriterGate>();
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions),
                        [$"Database:Provider is SqlServer, but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set."]);
                }

                services.AddDbContextPool<AccountRegistryDbContext, SqlServerAccountRegistryDbContext>(
                    db => db.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()).QuietFailures());
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions),
                    [$"Database:Provider '{options.Provider}' is not Sqlite or SqlServer."]);
        }

        services.AddScoped<IAccountRepository, AccountRepository>();
        services.AddScoped<IAccountEvents, AccountEventStore>();
        services.AddScoped<IStoredPasswords, StoredPasswords>();
        services.AddScoped<IAccountImportStore, AccountImportStore>();
    }

    // EF Core logs every failed command as an error with its stack. A duplicate login (an ordinary
    // 409) would raise alerts; a real fault is logged once, by the API's exception handler.
    private static DbContextOptionsBuilder QuietFailures(this DbContextOptionsBuilder db) =>
        db.ConfigureWarnings(warnings => warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
}
