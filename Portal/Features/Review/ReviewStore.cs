using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;
using Portal.Resources;
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
    IReadOnlyList<StoredAttachment> Attachments, Ties Ties, EarlierCase? Earlier = null);

// The case a likely duplicate repeats: the latest earlier one with the same text on the same entry.
public sealed record EarlierCase(long Id, string CaseNumber);

// EntryId WholeAnnouncement (0, which no entry has) counts the objections against the announcement as a whole.
public sealed record EntryObjectionCounts(long EntryId, int Open, int Upheld, int NotUpheld)
{
    public const long WholeAnnouncement = 0;
}

// Handling objections: the queues, the case, every move through the state machine, recusal, the inspectors'
// identity reveal and the complainant's appeal. Each move is one transaction with its timeline event and audit event.
public sealed class ReviewStore(DbConnectionFactory db, ReviewWorkflow workflow, AuditLog audit, PersonalDataProtector protector,
    TimeProvider clock, PublicPageCache? cache = null)
{
    private const string CaseColumns = """
        o.Id, o.CaseNumber, o.AnnouncementId, o.EntryId, o.Category, o.Text, o.State, o.Queue, o.QueueRegionCode, o.Channel, o.Anonymous,
        o.LikelyDuplicate, o.ReceivedUtc, o.Concurrency, o.AssignedTo, o.Outcome, o.RepliedUtc, o.HouseholdId
        """;

    private const string SelectCase = "SELECT " + CaseColumns + "\n  FROM Objection o\n WHERE o.Id = @id";

    private const string SelectCaseByReceipt = "SELECT " + CaseColumns + "\n  FROM Objection o\n WHERE o.ReceiptHash = @receiptHash";

    private const string SelectOpenCases = """
        SELECT o.Id, o.CaseNumber, o.AnnouncementId, a.Title AS AnnouncementTitle, e.Subject AS EntrySubject, o.Category, o.State, o.Queue,
               o.AssignedTo, o.LikelyDuplicate, o.RoutedToDistrict, o.ReceivedUtc
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
          LEFT JOIN AnnouncementEntry e ON e.Id = o.EntryId
         WHERE o.State <> 'Closed'
           AND ((o.Queue = @queue AND o.QueueRegionCode LIKE @prefix) OR (@inspector = 1 AND a.RegionCode LIKE @prefix))
         ORDER BY o.ReceivedUtc, o.Id
        """;

    private const string SelectTimeline = """
        SELECT Id, Kind, State, Text, Actor, CreatedUtc
          FROM ObjectionEvent
         WHERE ObjectionId = @id
         ORDER BY Id
        """;

    private const string CountConflicts = "SELECT COUNT(*) FROM ConflictDeclaration WHERE StaffUserId = @userId AND HouseholdId = @householdId";

    private const string CountRecusals = "SELECT COUNT(*) FROM Recusal WHERE ObjectionId = @id AND UserName = @userName";

    private const string InsertRecusal = """
        INSERT INTO Recusal (ObjectionId, UserName, Reason, CreatedUtc)
        VALUES (@id, @userName, @reason, @now)
        """;

    private const string UpdateCase = """
        UPDATE Objection
           SET State = @state, AssignedTo = @assignedTo, Outcome = @outcome, RepliedUtc = @repliedUtc, Queue = @queue,
               QueueRegionCode = @queueRegion, Concurrency = Concurrency + 1
         WHERE Id = @id AND Concurrency = @concurrency
        """;

    private const string InsertEvent = """
        INSERT INTO ObjectionEvent (ObjectionId, Kind, State, Text, Actor, CreatedUtc)
        VALUES (@id, @kind, @state, @text, @actor, @now)
        """;

    private const string WithdrawEntry = "UPDATE AnnouncementEntry SET Withdrawn = 1, WithdrawnReason = @reason WHERE Id = @entryId";

    private const string MarkForCorrection = "UPDATE AnnouncementEntry SET NeedsCorrection = 1 WHERE Id = @entryId";

    private const string FlagHousehold = "UPDATE Household SET FlaggedForNextRound = 1 WHERE Id = @householdId";

    private const string SelectIdentity = "SELECT IdentityCipher FROM Objection WHERE Id = @id";

    private const string SelectDueForClosing = "SELECT " + CaseColumns + "\n  FROM Objection o\n WHERE o.State IN ('Replied', 'Inadmissible') AND o.RepliedUtc < @cutoff";

    private const string SelectEntryCounts = """
        SELECT COALESCE(EntryId, 0) AS EntryId,
               SUM(CASE WHEN State IN ('Received', 'Admissible', 'UnderInvestigation', 'Decided', 'Appealed', 'Escalated') THEN 1 ELSE 0 END) AS OpenCount,
               SUM(CASE WHEN Outcome IN ('Upheld', 'PartiallyUpheld') THEN 1 ELSE 0 END) AS UpheldCount,
               SUM(CASE WHEN Outcome = 'NotUpheld' OR State = 'Inadmissible' THEN 1 ELSE 0 END) AS NotUpheldCount
          FROM Objection
         WHERE AnnouncementId = @announcementId
         GROUP BY COALESCE(EntryId, 0)
        """;

    private const string SelectAnnouncement = """
        SELECT a.Id, a.Kind, a.Stage, a.Status, a.RegionCode, a.Title, a.Year, a.Version, a.PeriodStart, a.PeriodEnd, a.ContentHash, a.EntryCount
          FROM Announcement a
         WHERE a.Id = @id
        """;

    private const string SelectEntry = """
        SELECT Id, AnnouncementId, Position, HouseholdId, ProjectId, GroupName, Subject, Size, Attribute, Cause, IncomePerCapita, AssurancesMet,
               Measures, Cadre, Amount, Implementer, Beneficiaries, Withdrawn, WithdrawnReason
          FROM AnnouncementEntry
         WHERE Id = @id
        """;

    // Township reviewers who may decide the case: active, not from the announcement's village, not recused from it,
    // without a declared conflict with its household.
    private const string CountFreeTownshipReviewers = """
        SELECT COUNT(*)
          FROM StaffUser u
         WHERE u.Role = 'TownshipReviewer'
           AND u.IsActive = @active
           AND u.RegionCode = @township
           AND (u.HomeVillageCode IS NULL OR u.HomeVillageCode <> @announcementRegion)
           AND NOT EXISTS (SELECT 1 FROM Recusal r WHERE r.ObjectionId = @id AND r.UserName = u.UserName)
           AND NOT EXISTS (SELECT 1 FROM ConflictDeclaration d WHERE d.StaffUserId = u.Id AND d.HouseholdId = @householdId)
        """;

    private const string SelectOpenTownshipCases = """
        SELECT o.Id
          FROM Objection o
         WHERE o.Queue = 'Township' AND o.State <> 'Closed'
         ORDER BY o.Id
        """;

    private const string RouteToDistrict = """
        UPDATE Objection
           SET Queue = 'District', QueueRegionCode = @district, AssignedTo = NULL, RoutedToDistrict = @routed, Concurrency = Concurrency + 1
         WHERE Id = @id AND Queue = 'Township'
        """;

    private const string SelectEarlierCase = """
        SELECT e.Id, e.CaseNumber
          FROM Objection e
         WHERE e.Id = (SELECT MAX(p.Id)
                         FROM Objection p
                         JOIN Objection o ON o.Id = @id
                        WHERE p.AnnouncementId = o.AnnouncementId AND p.TextHash = o.TextHash AND p.Id < o.Id)
        """;

    private const string SelectAttachments = "SELECT StoredName, ContentType, SizeBytes, OriginalName FROM ObjectionAttachment WHERE ObjectionId = @id ORDER BY Id";

    public async Task<IReadOnlyList<CaseSummary>> OpenCasesAsync(StaffActor actor, CancellationToken ct = default)
    {
        var queue = ReviewWorkflow.QueueOf(actor.Role);
        if (queue is null) return [];
        await using var c = await db.OpenAsync(ct);
        var args = new { queue = queue.ToString(), prefix = actor.Scope.Prefix + "%", inspector = actor.Role == StaffRole.DisciplineInspector ? 1 : 0 };
        return (await c.QueryAsync<CaseSummary>(new CommandDefinition(SelectOpenCases, args, cancellationToken: ct))).AsList();
    }

    public async Task<CaseView?> GetAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCase, new { id }, cancellationToken: ct));
        if (row is null) return null;
        var announcement = await c.QuerySingleAsync<Announcement>(new CommandDefinition(SelectAnnouncement, new { id = row.AnnouncementId }, cancellationToken: ct));
        if (!ReviewWorkflow.MayRead(actor, row, announcement.RegionCode)) return null;
        var entry = row.EntryId is { } entryId
            ? await c.QuerySingleOrDefaultAsync<AnnouncementEntry>(new CommandDefinition(SelectEntry, new { id = entryId }, cancellationToken: ct))
            : null;
        var timeline = (await c.QueryAsync<StaffEvent>(new CommandDefinition(SelectTimeline, new { id }, cancellationToken: ct))).AsList();
        var attachments = (await c.QueryAsync<StoredAttachment>(new CommandDefinition(SelectAttachments, new { id }, cancellationToken: ct))).AsList();
        var earlier = row.LikelyDuplicate
            ? await c.QuerySingleOrDefaultAsync<EarlierCase>(new CommandDefinition(SelectEarlierCase, new { id }, cancellationToken: ct))
            : null;
        return new CaseView(row, announcement, entry, timeline, attachments, await TiesAsync(c, null, row, announcement.RegionCode, actor, ct), earlier);
    }

    // One move of a case by a reviewer. A stale concurrency value means someone else moved it first.
    public async Task<RuleResult> ActAsync(long id, long concurrency, ReviewAction action, StaffActor actor, string? text = null,
        Outcome? outcome = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCase, new { id }, tx, cancellationToken: ct));
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        if (row.Concurrency != concurrency) return RuleResult.Refuse("Review.ChangedMeanwhile");
        var announcement = await c.QuerySingleAsync<Announcement>(new CommandDefinition(SelectAnnouncement, new { id = row.AnnouncementId }, tx, cancellationToken: ct));
        var ties = await TiesAsync(c, tx, row, announcement.RegionCode, actor, ct);
        var allowed = workflow.CanAct(row, action, actor, ties, text, outcome);
        if (!allowed.IsAllowed) return allowed;

        var now = clock.GetUtcNow().UtcDateTime;
        var state = ReviewWorkflow.Next(row.State, action) ?? row.State;
        var assignedTo = action == ReviewAction.Recuse ? (row.AssignedTo == actor.UserName ? null : row.AssignedTo) : row.AssignedTo ?? actor.UserName;
        var repliedUtc = action is ReviewAction.Reply or ReviewAction.Reject ? now : row.RepliedUtc;
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateCase, new
        {
            id, concurrency, state = state.ToString(), assignedTo, outcome = (outcome?.ToString()) ?? row.Outcome, repliedUtc,
            queue = row.Queue.ToString(), queueRegion = row.QueueRegionCode,
        }, tx, cancellationToken: ct));
        if (updated != 1) return RuleResult.Refuse("Review.ChangedMeanwhile");

        if (action == ReviewAction.Recuse)
        {
            await c.ExecuteAsync(new CommandDefinition(InsertRecusal, new { id, userName = actor.UserName, reason = text!.Trim(), now }, tx, cancellationToken: ct));
        }
        if (state != row.State) await AddEventAsync(c, tx, id, ObjectionEventKind.StateChanged, state, action == ReviewAction.Decide ? outcome.ToString() : null, actor.UserName, now, ct);
        // Every reason is kept: what goes to the complainant as a reply or message, the rest (why a case was accepted,
        // how it is investigated, why it was decided so, a note, a recusal) as an internal note /track never shows.
        var kind = action switch
        {
            ReviewAction.Reply or ReviewAction.Reject => ObjectionEventKind.Reply,
            ReviewAction.Message => ObjectionEventKind.MessageToComplainant,
            _ => ObjectionEventKind.InternalNote,
        };
        if (!string.IsNullOrWhiteSpace(text)) await AddEventAsync(c, tx, id, kind, null, text.Trim(), actor.UserName, now, ct);
        if (action == ReviewAction.Decide && outcome == Outcome.Upheld) await ApplyUpheldAsync(c, tx, row, ct);
        if (action == ReviewAction.Recuse) await RouteIfStrandedAsync(c, tx, id, ct);
        await audit.AppendAsync(c, tx, $"Objection{action}", actor.UserName, $"objection:{row.CaseNumber}",
            new { from = row.State.ToString(), to = state.ToString(), outcome = outcome?.ToString() }, ct);
        await tx.CommitAsync(ct);
        if (action == ReviewAction.Decide && cache is not null) await cache.ChangedAsync(ct);
        return RuleResult.Allowed;
    }

    // Only discipline inspectors, only with a written reason, and every look is in the audit chain.
    public async Task<(ComplainantIdentity? Identity, RuleResult Result)> RevealIdentityAsync(long id, string? reason, StaffActor actor, CancellationToken ct = default)
    {
        if (actor.Role != StaffRole.DisciplineInspector) return (null, RuleResult.Refuse("Review.OnlyInspectorsReveal"));
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4) return (null, RuleResult.Refuse("Review.RevealReasonRequired"));
        var view = await GetAsync(id, actor, ct);
        if (view is null) return (null, RuleResult.Refuse("Review.NotFound"));
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var cipher = await c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectIdentity, new { id }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "IdentityRevealed", actor.UserName, $"objection:{view.Case.CaseNumber}", new { reason = reason.Trim(), anonymous = cipher is null }, ct);
        await tx.CommitAsync(ct);
        if (cipher is null) return (null, RuleResult.Refuse("Review.Anonymous"));
        return (JsonSerializer.Deserialize<ComplainantIdentity>(protector.Unprotect(cipher)), RuleResult.Allowed);
    }

    // The complainant's appeal, by receipt, within the window after the reply: the case goes one level up.
    public async Task<RuleResult> AppealAsync(string receiptHash, string? text, CancellationToken ct = default)
    {
        if (ReviewWorkflow.AppealTextProblem(text) is { } problem) return problem;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCaseByReceipt, new { receiptHash }, tx, cancellationToken: ct));
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        var now = clock.GetUtcNow();
        if (!workflow.CanAppeal(row.State, row.RepliedUtc, now)) return RuleResult.Refuse("Review.AppealWindow", workflow.Options.AppealDays);
        var (queue, region) = ReviewWorkflow.EscalatedQueue(row.Queue, row.QueueRegionCode);
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateCase, new
        {
            id = row.Id, concurrency = row.Concurrency, state = nameof(ObjectionState.Escalated), assignedTo = (string?)null, outcome = row.Outcome,
            repliedUtc = row.RepliedUtc, queue = queue.ToString(), queueRegion = region,
        }, tx, cancellationToken: ct));
        if (updated != 1) return RuleResult.Refuse("Review.ChangedMeanwhile");
        await AddEventAsync(c, tx, row.Id, ObjectionEventKind.StateChanged, ObjectionState.Appealed, null, null, now.UtcDateTime, ct);
        await AddEventAsync(c, tx, row.Id, ObjectionEventKind.MessageFromComplainant, null, text, null, now.UtcDateTime, ct);
        await AddEventAsync(c, tx, row.Id, ObjectionEventKind.StateChanged, ObjectionState.Escalated, queue.ToString(), null, now.UtcDateTime, ct);
        await audit.AppendAsync(c, tx, "ObjectionAppealed", null, $"objection:{row.CaseNumber}", new { from = row.Queue.ToString(), to = queue.ToString() }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    // A conflict never strands a case: a township case that no township reviewer may decide goes to the district's
    // queue, audited and said on the timeline. Checked on receipt, after each recusal, and by the minute job (conflicts
    // declared and accounts deactivated later).
    public async Task<bool> RouteIfStrandedAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var routed = await RouteIfStrandedAsync(c, tx, id, ct);
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

    private async Task<bool> RouteIfStrandedAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCase, new { id }, tx, cancellationToken: ct));
        if (row is null || row.Queue != ReviewQueue.Township || row.State == ObjectionState.Closed) return false;
        var announcement = await c.QuerySingleAsync<Announcement>(new CommandDefinition(SelectAnnouncement, new { id = row.AnnouncementId }, tx, cancellationToken: ct));
        var free = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountFreeTownshipReviewers, new
        {
            active = true, township = row.QueueRegionCode, announcementRegion = announcement.RegionCode, id, householdId = row.HouseholdId,
        }, tx, cancellationToken: ct));
        if (free > 0) return false;
        var district = RegionScope.DistrictOf(row.QueueRegionCode);
        if (await c.ExecuteAsync(new CommandDefinition(RouteToDistrict, new { id, district, routed = true }, tx, cancellationToken: ct)) != 1) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await AddEventAsync(c, tx, id, ObjectionEventKind.StateChanged, row.State, TimelineText.RoutedToDistrict, null, now, ct);
        await audit.AppendAsync(c, tx, "ObjectionRoutedToDistrict", null, $"objection:{row.CaseNumber}",
            new { from = row.QueueRegionCode, to = district, reason = "no township reviewer may decide it" }, ct);
        return true;
    }

    // Cases whose appeal window has passed close on their own.
    public async Task<int> CloseExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var due = (await c.QueryAsync<ObjectionRow>(new CommandDefinition(SelectDueForClosing,
            new { cutoff = now.UtcDateTime.AddDays(-workflow.Options.AppealDays) }, tx, cancellationToken: ct))).AsList();
        foreach (var row in due.Where(r => workflow.ShouldClose(r.State, r.RepliedUtc, now)))
        {
            await c.ExecuteAsync(new CommandDefinition(UpdateCase, new
            {
                id = row.Id, concurrency = row.Concurrency, state = nameof(ObjectionState.Closed), assignedTo = row.AssignedTo, outcome = row.Outcome,
                repliedUtc = row.RepliedUtc, queue = row.Queue.ToString(), queueRegion = row.QueueRegionCode,
            }, tx, cancellationToken: ct));
            await AddEventAsync(c, tx, row.Id, ObjectionEventKind.StateChanged, ObjectionState.Closed, null, null, now.UtcDateTime, ct);
            await audit.AppendAsync(c, tx, "ObjectionClosed", null, $"objection:{row.CaseNumber}", new { after = "appeal window" }, ct);
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    public async Task<IReadOnlyDictionary<long, EntryObjectionCounts>> CountsByEntryAsync(long announcementId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long EntryId, long Open, long Upheld, long NotUpheld)>(new CommandDefinition(SelectEntryCounts, new { announcementId }, cancellationToken: ct));
        return rows.ToDictionary(r => r.EntryId, r => new EntryObjectionCounts(r.EntryId, (int)r.Open, (int)r.Upheld, (int)r.NotUpheld));
    }

    // SPEC §2 effects: a wrongly included or falsely exited entry is withdrawn, inaccurate information is marked for
    // correction and republication, a wrongly excluded household is flagged for the next round.
    private static async Task ApplyUpheldAsync(DbConnection c, DbTransaction tx, ObjectionRow row, CancellationToken ct)
    {
        switch (row.Category)
        {
            case ObjectionCategory.WronglyIncluded or ObjectionCategory.FalseExit when row.EntryId is { } entryId:
                await c.ExecuteAsync(new CommandDefinition(WithdrawEntry, new { entryId, reason = row.CaseNumber }, tx, cancellationToken: ct));
                break;
            case ObjectionCategory.InaccurateInformation when row.EntryId is { } entryId:
                await c.ExecuteAsync(new CommandDefinition(MarkForCorrection, new { entryId }, tx, cancellationToken: ct));
                break;
            case ObjectionCategory.WronglyExcluded when row.HouseholdId is { } householdId:
                await c.ExecuteAsync(new CommandDefinition(FlagHousehold, new { householdId }, tx, cancellationToken: ct));
                break;
        }
    }

    private static async Task<Ties> TiesAsync(DbConnection c, DbTransaction? tx, ObjectionRow row, string announcementRegion, StaffActor actor, CancellationToken ct)
    {
        var conflict = row.HouseholdId is { } householdId
            && await c.ExecuteScalarAsync<long>(new CommandDefinition(CountConflicts, new { userId = actor.UserId, householdId }, tx, cancellationToken: ct)) > 0;
        var recused = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountRecusals, new { id = row.Id, userName = actor.UserName }, tx, cancellationToken: ct)) > 0;
        var home = actor.HomeVillageCode is { } village && announcementRegion == village;
        return new Ties(conflict, recused, home);
    }

    private static Task AddEventAsync(DbConnection c, DbTransaction tx, long id, ObjectionEventKind kind, ObjectionState? state, string? text, string? actor,
        DateTime now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(InsertEvent, new { id, kind = kind.ToString(), state = state?.ToString(), text, actor, now }, tx, cancellationToken: ct));
}
