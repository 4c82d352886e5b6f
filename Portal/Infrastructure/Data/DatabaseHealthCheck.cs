using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Infrastructure.Data;

public sealed class DatabaseHealthCheck(DbConnectionFactory db) : IHealthCheck
{
    private const string Probe = "SELECT COUNT(*) FROM SchemaVersion";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var c = await db.OpenAsync(timeout.Token);
            await c.ExecuteScalarAsync<long>(new CommandDefinition(Probe, cancellationToken: timeout.Token));
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database did not answer.");
        }
    }
}
