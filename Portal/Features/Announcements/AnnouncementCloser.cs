namespace Portal.Features.Announcements;

// Closes published announcements once their period is over: at start-up, then every minute.
public sealed class AnnouncementCloser(AnnouncementStore announcements, TimeProvider clock, ILogger<AnnouncementCloser> log) : BackgroundService
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
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                log.LogWarning("Closing expired announcements failed: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
