namespace Portal.Features.Review;

// The review's minute job, at start-up and then every minute: closes replied cases once their appeal window has
// passed, and sends township cases that no township reviewer may decide any more to the district.
public sealed class CaseCloser(ReviewStore cases, TimeProvider clock, ILogger<CaseCloser> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                var closed = await cases.CloseExpiredAsync(stoppingToken);
                if (closed > 0) log.LogInformation("Closed {Count} cases whose appeal window passed", closed);
                var routed = await cases.RouteStrandedAsync(stoppingToken);
                if (routed > 0) log.LogInformation("Sent {Count} township cases that no township reviewer may decide to the district", routed);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                log.LogWarning("Closing expired cases failed: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
