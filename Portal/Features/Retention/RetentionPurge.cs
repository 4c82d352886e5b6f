using System.Data.Common;
using Microsoft.Extensions.Options;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Reports;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Retention;

// What one round deleted.
public sealed record PurgeRound(int Cases, int Attachments, int Reports, int Households)
{
    public bool Any => Cases + Reports + Households > 0;
}

// Deletes what has been kept long enough (RetentionOptions), through each table's owner, in batches: each batch and its
// purge event in the audit chain are one transaction, and the event names the cases (never who was in them) or counts
// the households. The keyed hashes stay. Whatever has been purged is marked so, so a second round finds nothing and
// writes nothing.
public sealed class RetentionPurge(DbConnectionFactory db, ObjectionStore objections, ReportStore reports, HouseholdStore households, AuditLog audit,
    AttachmentStorage storage, IOptions<RetentionOptions> options, TimeProvider clock)
{
    // Small enough for SQL Server's parameter limit (IN @ids) and for a readable audit event.
    public const int Batch = 500;

    public async Task<PurgeRound> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var closedBefore = options.Value.CasesClosedBefore(now);
        var leftBefore = options.Value.HouseholdsLeftBefore(now);
        var attachments = 0;
        var cases = await RepeatAsync(async () =>
        {
            var purged = await CasesAsync(closedBefore, now.UtcDateTime, ct);
            attachments += purged?.Attachments.Count ?? 0;
            return purged?.CaseNumbers.Count ?? 0;
        });
        var reported = await RepeatAsync(() => ReportsAsync(closedBefore, now.UtcDateTime, ct));
        var left = await RepeatAsync(() => HouseholdsAsync(leftBefore, now.UtcDateTime, ct));
        return new PurgeRound(cases, attachments, reported, left);
    }

    private async Task<PurgedCases?> CasesAsync(DateTime closedBefore, DateTime now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var purged = await objections.PurgeIdentitiesAsync(c, tx, closedBefore, now, Batch, ct);
        if (purged is not { CaseNumbers.Count: > 0 }) return null;
        await audit.AppendAsync(c, tx, "CaseIdentitiesPurged", null, null, new
        {
            cases = purged.CaseNumbers, identities = purged.Identities, attachments = purged.Attachments.Count, closedBefore = Date(closedBefore),
        }, ct);
        // The files go before the commit: if it fails, the rows are still there and the next round deletes again.
        storage.Delete(purged.Attachments);
        await tx.CommitAsync(ct);
        return purged;
    }

    private async Task<int> ReportsAsync(DateTime decidedBefore, DateTime now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var purged = await reports.PurgeIdentitiesAsync(c, tx, decidedBefore, now, Batch, ct);
        if (purged is not { Count: > 0 }) return 0;
        await audit.AppendAsync(c, tx, "ReportIdentitiesPurged", null, null, new { reports = purged, decidedBefore = Date(decidedBefore) }, ct);
        await tx.CommitAsync(ct);
        return purged.Count;
    }

    private async Task<int> HouseholdsAsync(DateTime leftBefore, DateTime now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var purged = await households.PurgeIdNumbersAsync(c, tx, leftBefore, now, Batch, ct);
        if (purged is not { Count: > 0 }) return 0;
        await audit.AppendAsync(c, tx, "HouseholdIdNumbersPurged", null, null, new { households = purged.Count, ids = purged, leftBefore = Date(leftBefore) }, ct);
        await tx.CommitAsync(ct);
        return purged.Count;
    }

    // Batches until one comes back short; nothing purged (or another purge busy with the same rows) ends it.
    private static async Task<int> RepeatAsync(Func<Task<int>> batch)
    {
        var total = 0;
        int purged;
        do
        {
            purged = await batch();
            total += purged;
        }
        while (purged == Batch);
        return total;
    }

    private static string Date(DateTime utc) => ShanghaiTime.FormatDate(utc);
}
