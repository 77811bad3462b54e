using AccountRegistry.Application;
using AccountRegistry.Infrastructure;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Security;
using AccountRegistry.WebApi;
using Serilog;

// Before any key is read: the terminals this service starts must not read its memory or environment.
ProcessHardening.KeepMemoryPrivate();

// `reencrypt-passwords`: re-seal every stored password under Encryption:ActiveKeyId, then exit.
var reencrypt = args.Contains("reencrypt-passwords", StringComparer.Ordinal);
WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args.Where(arg => arg != "reencrypt-passwords").ToArray());
    // Secrets as files (Docker and Kubernetes secrets): a file per key, named like an environment
    // variable (Encryption__Keys__k1), in the folder --secrets-dir or SECRETS_DIR names.
    builder.Configuration.AddSecretsDirectory();

    builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
    var serilog = RequestLogging.SerilogConfiguration(builder.Configuration);
    builder.Services.AddSerilog((services, logger) => logger
        .ReadFrom.Configuration(serilog)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext());

    builder.Services
        .AddApplication()
        .AddInfrastructure(builder.Configuration, builder.Environment)
        .AddWebApi(builder.Configuration);

    app = builder.Build();
    // Every setting is checked before anything is opened, so a refusal names all its problems at once.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    await app.Services.InitializeDatabaseAsync();
}
catch (Exception exception) when (StartupRefusal.Problems(exception) is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync($"AccountRegistry cannot start: {problem}");
    }

    return 1;
}

if (reencrypt)
{
    var result = await app.Services.ReencryptPasswordsAsync();
    result.WriteSummary(Console.Out, Console.Error);
    return result.Failed.Count == 0 ? 0 : 1;
}

app.UseWebApi();

await app.RunAsync();
return 0;

/// <summary>The entry point; public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
