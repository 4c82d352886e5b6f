using Portal.Infrastructure.Data;
using Portal.Infrastructure;

namespace Portal.Features.Retention;

// The daily purge: at start-up, then every day.
public sealed class RetentionJob(RetentionPurge purge, JobLeases leases, TimeProvider clock, ILogger<RetentionJob> log) : PeriodicJob(TimeSpan.FromDays(1), leases, clock, log)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var round = await purge.RunAsync(ct);
        if (round.Any)
        {
            log.LogInformation("Retention purge: {Cases} cases ({Attachments} attachments), {Reports} reports, {Households} households' ID numbers",
                round.Cases, round.Attachments, round.Reports, round.Households);
        }
    }
}
