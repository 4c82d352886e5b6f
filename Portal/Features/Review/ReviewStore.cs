using System.Data.Common;
using Dapper;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;
using Portal.Features.Regions;

namespace Portal.Features.Review;

public sealed record CaseSummary
{
    public long Id { get; init; }
    public string? CaseNumber { get; init; }
    public long AnnouncementId { get; init; }
    public string AnnouncementTitle { get; init; } = "";
    public string? EntrySubject { get; init; }
    public ObjectionCategory Category { get; init; }
    public ObjectionState State { get; init; }
    public ReviewQueue Queue { get; init; }
    public string? AssignedTo { get; init; }
    public bool LikelyDuplicate { get; init; }
    public bool RoutedToDistrict { get; init; }
    public DateTime ReceivedUtc { get; init; }
    public CaseExtensions Extensions { get; init; } = CaseExtensions.None;
    public CaseLane Lane { get; init; }
    public bool Anonymous { get; init; }
    public Disposition? Disposition { get; init; }
    public DateTime? AcceptanceToldUtc { get; init; }
    public DateTime? ResultToldUtc { get; init; }
    public DateTime? ClosedUtc { get; init; }
    public DateTime? AppealedUtc { get; init; }

    // What the deadlines of the case are computed from (ReviewWorkflow.Deadlines).
    public ObjectionRow Row => new()
    {
        Id = Id, CaseNumber = CaseNumber, Category = Category, State = State, Queue = Queue, ReceivedUtc = ReceivedUtc, Lane = Lane, Anonymous = Anonymous,
        Disposition = Disposition, AcceptanceToldUtc = AcceptanceToldUtc, ResultToldUtc = ResultToldUtc, ClosedUtc = ClosedUtc,
        AppealedUtc = AppealedUtc,
    };
}

public sealed record StaffEvent
{
    public long Id { get; init; }
    public ObjectionEventKind Kind { get; init; }
    public ObjectionState? State { get; init; }
    public string? Text { get; init; }
    public string? Actor { get; init; }
    public DateTime CreatedUtc { get; init; }
}

public sealed record CaseView(ObjectionRow Case, Announcement Announcement, AnnouncementEntry? Entry, IReadOnlyList<StaffEvent> Timeline,
    IReadOnlyList<StoredAttachment> Attachments, Ties Ties, EarlierCase? Earlier = null)
{
    public CaseExtensions Extensions { get; init; } = CaseExtensions.None;
}

// The case a likely duplicate repeats: the latest earlier one with the same text on the same entry.
public sealed record EarlierCase(long Id, string CaseNumber);

// Handling objections: the queues, the case, every move through the state machine, recusal and the complainant's
// appeal (the two-person identity reveal is IdentityReveals'). ReviewWorkflow decides each move (a CaseMove) and CaseAuthority who
// may make it; this store loads what they need and writes the move in one transaction through the tables' owners:
// ObjectionStore (the case and its timeline), AnnouncementStore (entries), HouseholdStore (households). It owns Recusal.
public sealed class ReviewStore(DbConnectionFactory db, ReviewWorkflow workflow, ObjectionStore objections, AnnouncementStore announcements,
    HouseholdStore households, AuditLog audit, PersonalDataProtector protector, CalendarStore calendar, TimeProvider clock, PublicPageCache? cache = null) : IReceivedCaseRouting, IEntryObjectionCounts
{
    private readonly string selectOpenCases = $"""
        SELECT o.Id, o.CaseNumber, o.AnnouncementId, a.Title AS AnnouncementTitle, e.Subject AS EntrySubject, o.Category, o.State, o.Queue,
               o.AssignedTo, o.LikelyDuplicate, o.RoutedToDistrict, o.ReceivedUtc, o.Lane, o.Anonymous, o.Disposition, o.AcceptanceToldUtc,
               o.ResultToldUtc, o.ClosedUtc, o.AppealedUtc
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
          LEFT JOIN AnnouncementEntry e ON e.Id = o.EntryId
         WHERE (o.State <> 'Closed' OR (o.Lane = 'Misconduct' AND o.Anonymous = {db.Dialect.False} AND o.Disposition IS NOT NULL AND o.ResultToldUtc IS NULL))
           AND ((o.Queue = @queue AND o.QueueRegionCode LIKE @prefix) OR (@inspector = {db.Dialect.True} AND a.RegionCode LIKE @prefix))
         ORDER BY o.ReceivedUtc, o.Id
        """;

    private const string SelectTimeline = """
        SELECT Id, Kind, State, Text, Actor, CreatedUtc
          FROM ObjectionEvent
         WHERE ObjectionId = @id
         ORDER BY Id
        """;

    private const string SelectConflicted = "SELECT StaffUserId FROM ConflictDeclaration WHERE HouseholdId = @householdId";

    private const string SelectRecused = "SELECT UserName FROM Recusal WHERE ObjectionId = @id";

    private const string InsertRecusal = """
        INSERT INTO Recusal (ObjectionId, UserName, Reason, CreatedUtc)
        VALUES (@id, @userName, @reason, @now)
        """;

    private const string SelectEntryCounts = """
        SELECT COALESCE(EntryId, 0) AS EntryId,
               SUM(CASE WHEN State IN ('Received', 'Admissible', 'UnderInvestigation', 'Decided', 'Appealed', 'Escalated') THEN 1 ELSE 0 END) AS OpenCount,
               SUM(CASE WHEN Outcome IN ('Upheld', 'PartiallyUpheld') THEN 1 ELSE 0 END) AS UpheldCount,
               SUM(CASE WHEN Outcome = 'NotUpheld' OR State = 'Inadmissible' THEN 1 ELSE 0 END) AS NotUpheldCount
          FROM Objection
         WHERE AnnouncementId = @announcementId
         GROUP BY COALESCE(EntryId, 0)
        """;

    // The township's active reviewers; whether any of them may decide a case is CaseAuthority's to say.
    private const string SelectTownshipReviewers = """
        SELECT Id, UserName, Role, RegionCode, HomeVillageCode
          FROM StaffUser
         WHERE Role = 'TownshipReviewer'
           AND IsActive = @active
           AND RegionCode = @township
        """;

    private const string SelectOpenTownshipCases = """
        SELECT o.Id
          FROM Objection o
         WHERE o.Queue = 'Township' AND o.State <> 'Closed'
         ORDER BY o.Id
        """;

    private const string SelectEarlierCase = """
        SELECT e.Id, e.CaseNumber
          FROM Objection e
         WHERE e.Id = (SELECT MAX(p.Id)
                         FROM Objection p
                         JOIN Objection o ON o.Id = @id
                        WHERE p.AnnouncementId = o.AnnouncementId AND p.TextHash = o.TextHash AND p.Id < o.Id)
        """;

    public async Task<IReadOnlyList<CaseSummary>> OpenCasesAsync(StaffActor actor, CancellationToken ct = default)
    {
        var queue = CaseAuthority.QueueOf(actor.Role);
        if (queue is null) return [];
        await using var c = await db.OpenAsync(ct);
        var args = new { queue = queue.ToString(), prefix = actor.Scope.Prefix + "%", inspector = CaseAuthority.ReadsEveryQueue(actor) };
        var open = (await c.QueryAsync<CaseSummary>(new CommandDefinition(selectOpenCases, args, cancellationToken: ct))).AsList();
        var extensions = await DeadlineExtensions.ForCasesAsync(c, db.Dialect, [.. open.Select(o => o.Id)], ct);
        return [.. open.Select(o => extensions.TryGetValue(o.Id, out var e) ? o with { Extensions = e } : o)];
    }

    public async Task<CaseView?> GetAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await objections.ReadAsync(c, null, id, ct);
        if (row is null) return null;
        var announcement = (await announcements.GetAsync(row.AnnouncementId, ct))!;
        if (!CaseAuthority.MayRead(actor, row, announcement.RegionCode)) return null;
        var entry = row.EntryId is { } entryId ? (await announcements.EntriesAsync(announcement.Id, ct)).FirstOrDefault(e => e.Id == entryId) : null;
        var timeline = (await c.QueryAsync<StaffEvent>(new CommandDefinition(SelectTimeline, new { id }, cancellationToken: ct))).AsList();
        var attachments = await objections.AttachmentsAsync(id, ct);
        var earlier = row.LikelyDuplicate
            ? await c.QuerySingleOrDefaultAsync<EarlierCase>(new CommandDefinition(SelectEarlierCase, new { id }, cancellationToken: ct))
            : null;
        var ties = CaseAuthority.TiesOf(actor, row, announcement.RegionCode, await ConflictsAsync(c, null, row, ct));
        var extensions = await DeadlineExtensions.ForCasesAsync(c, db.Dialect, [id], ct);
        return new CaseView(row, announcement, entry, timeline, attachments, ties, earlier) { Extensions = extensions.GetValueOrDefault(id, CaseExtensions.None) };
    }

    // One move of a case by a reviewer. A stale concurrency value means someone else moved it first.
    public async Task<RuleResult> ActAsync(long id, long concurrency, ReviewAction action, StaffActor actor, string? text = null,
        Outcome? outcome = null, CancellationToken ct = default, Disposition? disposition = null)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await objections.ReadAsync(c, tx, id, ct);
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        if (row.Concurrency != concurrency) return RuleResult.Refuse("Review.ChangedMeanwhile");
        var region = (await announcements.GetAsync(row.AnnouncementId, ct))!.RegionCode;
        var ties = CaseAuthority.TiesOf(actor, row, region, await ConflictsAsync(c, tx, row, ct));
        var (allowed, move) = workflow.Act(row, action, actor, ties, text, outcome, clock.GetUtcNow().UtcDateTime, disposition, region);
        if (move is null) return allowed;
        if (!await PersistAsync(c, tx, row, move, region, ct)) return RuleResult.Refuse("Review.ChangedMeanwhile");
        await tx.CommitAsync(ct);
        if (move.ChangesPublicPages && cache is not null) await cache.ChangedAsync(ct);
        return RuleResult.Allowed;
    }

    // The complainant's appeal, by receipt, within the window after the reply: the case goes one level up.
    public async Task<RuleResult> AppealAsync(string receipt, string? text, CancellationToken ct = default)
    {
        if (ReviewWorkflow.AppealTextProblem(text) is { } problem) return problem;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await objections.ReadByReceiptAsync(c, tx, protector.Hash(ObjectionIntake.ReceiptPurpose, receipt), ct);
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        var appealed = await AppealAsync(c, tx, row, text, await calendar.CurrentAsync(ct), clock.GetUtcNow(), ct);
        if (appealed.IsAllowed) await tx.CommitAsync(ct);
        return appealed;
    }

    // The appeal inside another writer's transaction (a follow-up's "not resolved", FollowUpStore), which commits it.
    public async Task<RuleResult> AppealAsync(DbConnection c, DbTransaction tx, ObjectionRow row, string? text, WorkingDays workingDays, DateTimeOffset now,
        CancellationToken ct)
    {
        var (allowed, move) = workflow.Appeal(workingDays, row, text, now);
        if (move is null) return allowed;
        return await PersistAsync(c, tx, row, move, null, ct) ? RuleResult.Allowed : RuleResult.Refuse("Review.ChangedMeanwhile");
    }

    // Checked on receipt (through IReceivedCaseRouting), after each recusal, and by the minute job (conflicts declared
    // and accounts deactivated later).
    public async Task<bool> RouteIfStrandedAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var routed = await RouteIfStrandedAsync(c, tx, id, null, ct);
        await tx.CommitAsync(ct);
        return routed;
    }

    public async Task<int> RouteStrandedAsync(CancellationToken ct = default)
    {
        List<long> ids;
        await using (var c = await db.OpenAsync(ct))
        {
            ids = (await c.QueryAsync<long>(new CommandDefinition(SelectOpenTownshipCases, cancellationToken: ct))).AsList();
        }
        var routed = 0;
        foreach (var id in ids)
        {
            if (await RouteIfStrandedAsync(id, ct)) routed++;
        }
        return routed;
    }

    // Cases whose appeal window has passed (or that cannot be appealed), as read now; CloseAsync closes them. A window
    // lasts at least its count in calendar days in either unit, so the cases replied before the shortest window's
    // count of days ago are the ones to check — and a case with no level left to appeal to closes at once.
    public async Task<IReadOnlyList<ObjectionRow>> DueForClosingAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var workingDays = await calendar.CurrentAsync(ct);
        var replied = await objections.RepliedBeforeAsync(now.UtcDateTime, ct);
        var cutoff = now.UtcDateTime.AddDays(-workflow.ShortestAppealDays);
        return replied.Where(r => (r.RepliedUtc < cutoff || ReviewWorkflow.AppealTo(r) is null) && workflow.ShouldClose(workingDays, r, now)).ToList();
    }

    // Each case closed as it was read, in its own transaction: one moved meanwhile (closed by another worker, appealed)
    // is left alone and gets no Closed event. A transaction holds one case's row and then the audit head, the order
    // every case writer takes them in, so closing never deadlocks with an appeal. Returns how many this call closed.
    public async Task<int> CloseAsync(IReadOnlyList<ObjectionRow> due, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var workingDays = await calendar.CurrentAsync(ct);
        await using var c = await db.OpenAsync(ct);
        var closed = 0;
        foreach (var row in due)
        {
            if (workflow.Close(workingDays, row, now) is not { } move) continue;
            await using var tx = await c.BeginTransactionAsync(ct);
            if (!await PersistAsync(c, tx, row, move, null, ct)) continue;
            await tx.CommitAsync(ct);
            closed++;
        }
        return closed;
    }

    public async Task<int> CloseExpiredAsync(CancellationToken ct = default) => await CloseAsync(await DueForClosingAsync(ct), ct);

    public async Task<IReadOnlyDictionary<long, EntryObjectionCounts>> CountsByEntryAsync(long announcementId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long EntryId, long Open, long Upheld, long NotUpheld)>(new CommandDefinition(SelectEntryCounts, new { announcementId }, cancellationToken: ct));
        return rows.ToDictionary(r => r.EntryId, r => new EntryObjectionCounts(r.EntryId, (int)r.Open, (int)r.Upheld, (int)r.NotUpheld));
    }

    private async Task<bool> RouteIfStrandedAsync(DbConnection c, DbTransaction tx, long id, string? announcementRegion, CancellationToken ct)
    {
        var row = await objections.ReadAsync(c, tx, id, ct);
        if (row is null || !CaseAuthority.MayBeStranded(row)) return false;
        var region = announcementRegion ?? (await announcements.GetAsync(row.AnnouncementId, ct))!.RegionCode;
        var reviewers = (await c.QueryAsync<ReviewerRow>(new CommandDefinition(SelectTownshipReviewers,
            new { active = true, township = row.QueueRegionCode }, tx, cancellationToken: ct))).Select(r => r.Actor);
        var move = ReviewWorkflow.RouteIfStranded(row, region, reviewers.ToList(), await ConflictsAsync(c, tx, row, ct), clock.GetUtcNow().UtcDateTime);
        return move is not null && await PersistAsync(c, tx, row, move, region, ct);
    }

    // Writes a move the workflow decided: nothing at all when the case changed since it was read.
    private async Task<bool> PersistAsync(DbConnection c, DbTransaction tx, ObjectionRow row, CaseMove move, string? announcementRegion, CancellationToken ct)
    {
        if (!await objections.UpdateAsync(c, tx, row.Id, row.Concurrency, move.Change, ct)) return false;
        if (move.Recusal is { } recusal)
        {
            await c.ExecuteAsync(new CommandDefinition(InsertRecusal, new { id = row.Id, userName = recusal.UserName, reason = recusal.Reason, now = move.At },
                tx, cancellationToken: ct));
        }
        foreach (var e in move.Events) await objections.AddEventAsync(c, tx, row.Id, e, move.At, ct);
        foreach (var effect in move.Effects)
        {
            var done = effect switch
            {
                WithdrawEntry w => announcements.WithdrawEntryAsync(c, tx, w.EntryId, w.Reason, ct),
                MarkEntryForCorrection m => announcements.MarkForCorrectionAsync(c, tx, m.EntryId, ct),
                FlagHouseholdForNextRound f => households.FlagForNextRoundAsync(c, tx, f.HouseholdId, ct),
                _ => throw new InvalidOperationException($"No owner writes {effect}."),
            };
            await done;
        }
        if (move.ThenRouteIfStranded) await RouteIfStrandedAsync(c, tx, row.Id, announcementRegion, ct);
        await audit.AppendAsync(c, tx, move.Audit.Kind, move.Audit.Actor, $"objection:{row.CaseNumber}", move.Audit.Data, ct);
        return true;
    }

    private static async Task<CaseConflicts> ConflictsAsync(DbConnection c, DbTransaction? tx, ObjectionRow row, CancellationToken ct)
    {
        var recused = (await c.QueryAsync<string>(new CommandDefinition(SelectRecused, new { id = row.Id }, tx, cancellationToken: ct))).AsList();
        var conflicted = row.HouseholdId is { } householdId
            ? (await c.QueryAsync<long>(new CommandDefinition(SelectConflicted, new { householdId }, tx, cancellationToken: ct))).AsList()
            : [];
        return new CaseConflicts(recused, conflicted);
    }

    private sealed record ReviewerRow
    {
        public long Id { get; init; }
        public string UserName { get; init; } = "";
        public StaffRole Role { get; init; }
        public string RegionCode { get; init; } = "";
        public string? HomeVillageCode { get; init; }

        public StaffActor Actor => new(Id, UserName, Role, RegionScope.Of(RegionCode), HomeVillageCode);
    }
}
