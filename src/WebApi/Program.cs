using AccountRegistry.Application;
using AccountRegistry.Infrastructure;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi;
using AccountRegistry.WebApi.Commands;
using Serilog;

// Before any key is read: the terminals this service starts must not read its memory or environment.
ProcessHardening.KeepMemoryPrivate();

// The command line (System.CommandLine): no command serves the API; `reencrypt-passwords` and
// `import-legacy` run a maintenance use case and exit; --help and mistakes are answered at once.
var commandLine = ServiceCommandLine.Parse(args);
if (!commandLine.NeedsHost)
{
    return await commandLine.AnswerAsync();
}

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
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

return await commandLine.RunAsync(app);

/// <summary>The entry point; public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
