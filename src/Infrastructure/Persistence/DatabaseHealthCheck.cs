using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>Ready when the database answers.</summary>
internal sealed class DatabaseHealthCheck(AccountRegistryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
