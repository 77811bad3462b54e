using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// At start-up, before the first request: stops the terminals a previous run of the service left
/// running and deletes its start-up files (<see cref="TerminalLeftovers"/>).
/// </summary>
internal sealed partial class TerminalLeftoversCleanup(IOptions<Mt5Options> options, ILogger<TerminalLeftoversCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Gateway == Mt5GatewayKind.MtApi5)
        {
            var (stopped, deleted) = TerminalLeftovers.CleanUp(
                settings.WorkDirectory, [settings.TerminalPath, .. settings.Terminals.Select(terminal => terminal.Path), .. settings.AllowedTerminalPaths]);
            if (stopped + deleted > 0)
            {
                LogCleanedUp(stopped, deleted);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A previous run of the service left MT5 verifications behind: stopped {Stopped} terminal(s), deleted {Deleted} start-up file(s)")]
    private partial void LogCleanedUp(int stopped, int deleted);
}
