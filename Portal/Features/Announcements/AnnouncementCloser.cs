namespace Portal.Features.Announcements;

// Closes published announcements once their period is over, and replied cases once their appeal window has passed:
// at start-up, then every minute.
public sealed class AnnouncementCloser(AnnouncementStore announcements, Review.ReviewStore cases, TimeProvider clock, ILogger<AnnouncementCloser> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                var closed = await announcements.CloseExpiredAsync(stoppingToken);
                if (closed > 0) log.LogInformation("Closed {Count} announcements whose period ended", closed);
                var casesClosed = await cases.CloseExpiredAsync(stoppingToken);
                if (casesClosed > 0) log.LogInformation("Closed {Count} cases whose appeal window passed", casesClosed);
                var routed = await cases.RouteStrandedAsync(stoppingToken);
                if (routed > 0) log.LogInformation("Sent {Count} township cases that no township reviewer may decide to the district", routed);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                log.LogWarning("Closing expired announcements failed: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
