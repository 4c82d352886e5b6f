using Portal.Infrastructure.Data;
using Portal.Infrastructure;

namespace Portal.Features.Announcements;

// Closes published announcements once their period is over: at start-up, then every minute.
public sealed class AnnouncementCloser(AnnouncementStore announcements, JobLeases leases, TimeProvider clock, ILogger<AnnouncementCloser> log) : MinuteJob(leases, clock, log)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var closed = await announcements.CloseExpiredAsync(ct);
        if (closed > 0) log.LogInformation("Closed {Count} announcements whose period ended", closed);
    }
}
