using Portal.Infrastructure.Data;
using Portal.Infrastructure;

namespace Portal.Features.Review;

// The review's minute job: closes replied cases once their appeal window has passed, and sends township cases that no
// township reviewer may decide any more to the district.
public sealed class CaseCloser(ReviewStore cases, JobLeases leases, TimeProvider clock, ILogger<CaseCloser> log) : MinuteJob(leases, clock, log)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var closed = await cases.CloseExpiredAsync(ct);
        if (closed > 0) log.LogInformation("Closed {Count} cases whose appeal window passed", closed);
        var routed = await cases.RouteStrandedAsync(ct);
        if (routed > 0) log.LogInformation("Sent {Count} township cases that no township reviewer may decide to the district", routed);
    }
}
