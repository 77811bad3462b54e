using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>Warns at start-up, outside Development, when the lockout is turned off.</summary>
internal sealed partial class LockoutStartupNotice(
    IOptions<LockoutOptions> options,
    IHostEnvironment environment,
    ILogger<LockoutStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled && !environment.IsDevelopment())
        {
            LogLockoutOff(environment.EnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Lockout:MaxFailures is 0 in {Environment}: rejected MT5 credential checks lock nobody out, so passwords can be guessed as fast as the rate limits allow")]
    private partial void LogLockoutOff(string environment);
}
