using AccountRegistry.Application;
using AccountRegistry.Infrastructure;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Security;
using AccountRegistry.WebApi;
using Serilog;

// `reencrypt-passwords`: re-seal every stored password under Encryption:ActiveKeyId, then exit.
var reencrypt = args.Contains("reencrypt-passwords", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(arg => arg != "reencrypt-passwords").ToArray());

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration, builder.Environment)
    .AddWebApi(builder.Configuration);

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();
if (reencrypt)
{
    var result = await app.Services.ReencryptPasswordsAsync();
    result.WriteSummary(Console.Out, Console.Error);
    Environment.ExitCode = result.Failed.Count == 0 ? 0 : 1;
    return;
}

app.UseWebApi();

await app.RunAsync();

/// <summary>The entry point; public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
