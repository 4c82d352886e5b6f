using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Audit;

// The full re-verification of the chain, once a day, on one instance: every hour it looks whether the last one
// completed more than a day ago (on any instance, or by the verify-audit command), and if so reads every event again.
// What it finds goes with every answer of /api/v1/audit/verify; a chain that does not verify is logged as an error.
public sealed class AuditVerificationJob(AuditLog audit, JobLeases leases, TimeProvider clock, ILogger<AuditVerificationJob> log)
    : PeriodicJob(TimeSpan.FromHours(1), leases, clock, log)
{
    public static readonly TimeSpan Every = TimeSpan.FromDays(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        if (await audit.VerifyIfDueAsync(Every, ct) is { IsIntact: false } report)
        {
            log.LogError("The audit chain does not verify: first event that does not fit {FirstBadId}, newest missing {Missing}, {Length} events read",
                report.FirstBadId, report.Missing, report.Length);
        }
    }
}
