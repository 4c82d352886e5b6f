using System.Data.Common;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Households;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Reports;

public sealed record ReportSummary
{
    public long Id { get; init; }
    public string CaseNumber { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public ReportKind Kind { get; init; }
    public string Subject { get; init; } = "";
    public ReportState State { get; init; }
    public string QueueRegionCode { get; init; } = "";
    public string? AssignedTo { get; init; }
    public DateTime ReceivedUtc { get; init; }
}

// The one writer of Report and ReportEvent: intake, the reporter's view by receipt, the township's queue, and every move
// (visit, include, refuse) with its timeline line and audit event in one transaction, guarded by the row's Concurrency.
public sealed class ReportStore(DbConnectionFactory db, Audit.AuditLog audit, MonitoringStore monitoring, TimeProvider clock)
{
    private readonly string insertReport = db.Dialect.InsertReturningId("Report",
        "ReceiptHash, VillageCode, Kind, Subject, Text, Anonymous, IdentityCipher, Consent, State, QueueRegionCode, ReceivedUtc",
        $"@ReceiptHash, @VillageCode, @Kind, @Subject, @Text, @Anonymous, @IdentityCipher, {db.Dialect.True}, 'Received', @QueueRegionCode, @ReceivedUtc");

    private readonly string insertEvent = db.Dialect.InsertReturningId("ReportEvent",
        "ReportId, Kind, Text, Actor, CreatedUtc", "@ReportId, @Kind, @Text, @Actor, @CreatedUtc");

    private const string SetCaseNumber = "UPDATE Report SET CaseNumber = @caseNumber WHERE Id = @id";

    // Never the identity: it is read by nobody (see README, Reports).
    private const string SelectReport = """
        SELECT Id, CaseNumber, VillageCode, Kind, Subject, Text, Anonymous, State, QueueRegionCode, AssignedTo, VisitedUtc, DecidedUtc,
               RefusalReason, ReceivedUtc, Concurrency, MonitoringCaseId, IdentityPurgedUtc
          FROM Report
        """;

    private const string SelectById = SelectReport + "\n WHERE Id = @id";

    private const string SelectByReceipt = SelectReport + "\n WHERE ReceiptHash = CAST(@receiptHash AS CHAR(64))";

    private const string SelectTimeline = """
        SELECT Id, Kind, Text, Actor, CreatedUtc
          FROM ReportEvent
         WHERE ReportId = @id
         ORDER BY Id
        """;

    private const string SelectOpenInScope = """
        SELECT Id, CaseNumber, VillageCode, Kind, Subject, State, QueueRegionCode, AssignedTo, ReceivedUtc
          FROM Report
         WHERE VillageCode LIKE @prefix
           AND State IN ('Received', 'Visited')
         ORDER BY ReceivedUtc, Id
        """;

    // A stale concurrency value changes nothing, and the move writes nothing more.
    private const string UpdateReport = """
        UPDATE Report
           SET State = @State, AssignedTo = @AssignedTo, VisitedUtc = @VisitedUtc, DecidedUtc = @DecidedUtc, RefusalReason = @RefusalReason,
               MonitoringCaseId = @MonitoringCaseId, Concurrency = Concurrency + 1
         WHERE Id = @id AND Concurrency = @concurrency
        """;

    // Decided before the cutoff, named, not purged yet.
    private readonly string selectDueForPurge = db.Dialect.Page("""
        SELECT Id, CaseNumber
          FROM Report
         WHERE State IN ('Included', 'Refused')
           AND DecidedUtc < @decidedBefore
           AND IdentityCipher IS NOT NULL
           AND IdentityPurgedUtc IS NULL
         ORDER BY Id
        """);

    private readonly string purgeIdentities = $"""
        UPDATE Report
           SET IdentityCipher = NULL, IdentityPurgedUtc = @now
         WHERE {db.Dialect.In("Id", "ids")} AND IdentityPurgedUtc IS NULL
        """;

    // Deletes, in the caller's transaction, the reporter's name and phone of up to take reports decided before
    // decidedBefore; the receipt's hash stays, so the reporter can still follow the report. Returns their case numbers;
    // null when another purge took some of them meanwhile (the caller rolls back).
    public async Task<IReadOnlyList<string>?> PurgeIdentitiesAsync(DbConnection c, DbTransaction tx, DateTime decidedBefore, DateTime now, int take,
        CancellationToken ct)
    {
        var due = (await c.QueryAsync<(long Id, string CaseNumber)>(new CommandDefinition(selectDueForPurge,
            new { decidedBefore, skip = 0, take }, tx, cancellationToken: ct))).AsList();
        if (due.Count == 0) return [];
        var ids = due.Select(d => d.Id).ToList();
        return await c.ExecuteAsync(new CommandDefinition(purgeIdentities, new { ids, now }, tx, cancellationToken: ct)) == ids.Count
            ? [.. due.Select(d => d.CaseNumber)]
            : null;
    }

    public async Task<(long Id, string CaseNumber)> AddAsync(NewReport r, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertReport, new
        {
            r.ReceiptHash, r.VillageCode, Kind = r.Kind.ToString(), r.Subject, r.Text, r.Anonymous, r.IdentityCipher, r.QueueRegionCode, r.ReceivedUtc,
        }, tx, cancellationToken: ct));
        var caseNumber = ReportRules.CaseNumber(ShanghaiTime.DateOf(r.ReceivedUtc).Year, id);
        await c.ExecuteAsync(new CommandDefinition(SetCaseNumber, new { id, caseNumber }, tx, cancellationToken: ct));
        await AddEventAsync(c, tx, id, ReportEventKind.Received, null, null, r.ReceivedUtc, ct);
        // Never the identity, the subject, the text or the receipt: what arrived, where it went.
        await audit.AppendAsync(c, tx, "ReportReceived", null, $"report:{caseNumber}",
            new { kind = r.Kind.ToString(), village = r.VillageCode, queue = r.QueueRegionCode, anonymous = r.Anonymous }, ct);
        await tx.CommitAsync(ct);
        return (id, caseNumber);
    }

    public async Task<TrackedReport?> TrackAsync(string receiptHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(SelectByReceipt, new { receiptHash = db.Dialect.Ansi(receiptHash) }, cancellationToken: ct));
        if (row is null) return null;
        // The reporter reads what happened and a refusal's reason, never who did it nor a visit's notes; whoever holds the
        // receipt reads it too, so the text is masked (FreeTextMask).
        var timeline = (await TimelineAsync(c, row.Id, ct))
            .Select(e => e with { Actor = null, Text = e.Kind == ReportEventKind.Refused ? FreeTextMask.Mask(e.Text) : null }).ToList();
        return new TrackedReport(row with
        {
            Subject = FreeTextMask.Mask(row.Subject), Text = FreeTextMask.Mask(row.Text), RefusalReason = FreeTextMask.Mask(row.RefusalReason),
        }, timeline);
    }

    // The open reports the actor may read: a township reviewer's township, a district reviewer's or inspector's scope.
    public async Task<IReadOnlyList<ReportSummary>> OpenAsync(StaffActor actor, CancellationToken ct = default)
    {
        if (actor.Role is not (StaffRole.TownshipReviewer or StaffRole.DistrictReviewer or StaffRole.DisciplineInspector)) return [];
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ReportSummary>(new CommandDefinition(SelectOpenInScope, new { prefix = actor.Scope.Prefix + "%" }, cancellationToken: ct))).AsList();
    }

    // Null when there is no such report or the actor may not read it.
    public async Task<ReportView?> GetAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await ReadAsync(c, null, id, ct);
        if (row is null || !ReportRules.MayRead(actor, row)) return null;
        return new ReportView(row, await TimelineAsync(c, id, ct), ReportRules.MayWork(actor, row));
    }

    // One move: checked by ReportRules against the row as it is now, refused "changed meanwhile" when it is no longer the
    // row the actor saw. An inclusion opens the chosen household's monitoring case in the same transaction, its first clue
    // the day the report arrived: any refusal, the report's or monitoring's, writes nothing at all.
    public async Task<RuleResult> ActAsync(long id, long concurrency, ReportAction action, StaffActor actor, string? text = null,
        ReportInclusion? inclusion = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await ReadAsync(c, tx, id, ct);
        if (row is null || !ReportRules.MayRead(actor, row)) return RuleResult.Refuse("Report.NotFound");
        if (row.Concurrency != concurrency) return RuleResult.Refuse("Report.ChangedMeanwhile");
        var allowed = ReportRules.CanAct(row, action, actor, text);
        if (!allowed.IsAllowed) return allowed;
        long? monitoringCaseId = null;
        if (action == ReportAction.Include)
        {
            var opened = await OpenMonitoringAsync(c, tx, row, inclusion, actor, now, ct);
            if (!opened.Result.IsAllowed) return opened.Result;
            monitoringCaseId = opened.Id;
        }
        var state = ReportRules.Next(row.State, action)!.Value;
        var reason = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var at = now.UtcDateTime;
        var changed = await c.ExecuteAsync(new CommandDefinition(UpdateReport, new
        {
            id, concurrency, State = state.ToString(), AssignedTo = row.AssignedTo ?? actor.UserName,
            VisitedUtc = action == ReportAction.Visit ? at : row.VisitedUtc,
            DecidedUtc = action == ReportAction.Visit ? row.DecidedUtc : at,
            RefusalReason = action == ReportAction.Refuse ? reason : row.RefusalReason,
            MonitoringCaseId = monitoringCaseId ?? row.MonitoringCaseId,
        }, tx, cancellationToken: ct));
        if (changed != 1) return RuleResult.Refuse("Report.ChangedMeanwhile");
        await AddEventAsync(c, tx, id, Enum.Parse<ReportEventKind>(state.ToString()), reason, actor.UserName, at, ct);
        await audit.AppendAsync(c, tx, $"Report{action}", actor.UserName, $"report:{row.CaseNumber}",
            new { from = row.State.ToString(), to = state.ToString(), monitoringCase = monitoringCaseId }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    private async Task<MonitoringOpened> OpenMonitoringAsync(DbConnection c, DbTransaction tx, ReportRow row, ReportInclusion? inclusion, StaffActor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var village = inclusion?.HouseholdId is { } household ? await MonitoringStore.VillageOfAsync(c, tx, household, ct) : null;
        var allowed = ReportRules.CanInclude(row, inclusion, village);
        if (!allowed.IsAllowed) return new MonitoringOpened(null, allowed);
        return await monitoring.OpenAsync(c, tx, new NewMonitoringCase(inclusion!.HouseholdId!.Value, inclusion.Type!.Value, inclusion.Risk, ReportRules.FirstClue(row)),
            actor, now, ct);
    }

    private static Task<ReportRow?> ReadAsync(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));

    private static async Task<List<ReportEvent>> TimelineAsync(DbConnection c, long id, CancellationToken ct) =>
        (await c.QueryAsync<ReportEvent>(new CommandDefinition(SelectTimeline, new { id }, cancellationToken: ct))).AsList();

    private Task<long> AddEventAsync(DbConnection c, DbTransaction tx, long reportId, ReportEventKind kind, string? text, string? actor, DateTime at,
        CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(insertEvent,
            new { ReportId = reportId, Kind = kind.ToString(), Text = text, Actor = actor, CreatedUtc = at }, tx, cancellationToken: ct));
}
