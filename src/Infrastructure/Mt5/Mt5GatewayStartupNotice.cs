using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>Says at start-up which gateway verifies credentials, and warns when none really does.</summary>
internal sealed partial class Mt5GatewayStartupNotice(
    IOptions<Mt5Options> options,
    IHostEnvironment environment,
    ILogger<Mt5GatewayStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value.Gateway;
        if (gateway == Mt5GatewayKind.Sandbox && !environment.IsDevelopment())
        {
            LogSandboxOutsideDevelopment(environment.EnvironmentName);
        }
        else
        {
            LogGateway(gateway);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Mt5:Gateway is Sandbox in {Environment}: MT5 credentials are NOT verified against a broker")]
    private partial void LogSandboxOutsideDevelopment(string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "MT5 credentials are verified by the {Gateway} gateway")]
    private partial void LogGateway(Mt5GatewayKind? gateway);
}
