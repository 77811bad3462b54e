using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>
/// Ready when the accounts table can be read. Connecting alone proves little: SQLite "connects" to
/// any file, even one that is not a database.
/// </summary>
internal sealed class DatabaseHealthCheck(AccountRegistryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Accounts.AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
