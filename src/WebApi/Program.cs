using AccountRegistry.Application;
using AccountRegistry.Infrastructure;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

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
app.UseWebApi();

await app.RunAsync();

/// <summary>The entry point; public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
