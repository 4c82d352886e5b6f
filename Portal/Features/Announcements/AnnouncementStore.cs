using System.Data.Common;
using Dapper;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Announcements;

public sealed record AnnouncementQuery(
    string? TownshipCode = null,
    string? VillageCode = null,
    AnnouncementKind? Kind = null,
    AnnouncementStage? Stage = null,
    AnnouncementStatus? Status = null,
    int? Year = null,
    string? HeadName = null,
    int Page = 1,
    int PageSize = 20);

// Something that can be put on an announcement: a household or, for FundsAndProjects, a project.
public sealed record Candidate
{
    public long Id { get; init; }
    public required string Subject { get; init; }
    public string? GroupName { get; init; }
    public string? Detail { get; init; }
    public decimal? IncomePerCapita { get; init; }
    public bool? AssurancesMet { get; init; }

    // Why the rules would refuse to list it (an Exit household below the line or without the assurances), else null.
    public RuleResult? Refusal { get; init; }
}

public sealed class AnnouncementStore(DbConnectionFactory db, AnnouncementRules rules, TimeProvider clock, AuditLog audit, CalendarStore calendar,
    PublicPageCache? cache = null)
{
    private readonly EntrySnapshotReader snapshots = new(db.Dialect);

    private const string SelectAnnouncement = """
        SELECT a.Id, a.Kind, a.Stage, a.Status, a.RegionCode, r.Name AS RegionName, r.NameEn AS RegionNameEn,
               p.Name AS ParentName, p.NameEn AS ParentNameEn, a.Title, a.Year, a.Version, a.PreviousVersionId,
               a.PreviousStageId, a.PeriodStart, a.PeriodEnd, a.ContentHash, a.EntryCount, a.CreatedBy, a.CreatedUtc,
               a.PublishedUtc, a.FinalizedUtc, a.StatusReason, a.RevisionReason, a.Concurrency
          FROM Announcement a
          JOIN Region r ON r.Code = a.RegionCode
          LEFT JOIN Region p ON p.Code = r.ParentCode
        """;

    private const string SelectById = SelectAnnouncement + "\n WHERE a.Id = @id";

    private static string Filter(SqlDialect dialect) => $"""
         WHERE (@drafts = {dialect.True} OR a.PublishedUtc IS NOT NULL)
           AND (@township IS NULL OR r.Code = @township OR r.ParentCode = @township)
           AND (@village IS NULL OR a.RegionCode = @village)
           AND (@kind IS NULL OR a.Kind = @kind)
           AND (@stage IS NULL OR a.Stage = @stage)
           AND (@status IS NULL OR a.Status = @status)
           AND (@year IS NULL OR a.Year = @year)
           AND (@name IS NULL OR EXISTS (SELECT 1 FROM EntryNameGram g JOIN AnnouncementEntry e ON e.Id = g.EntryId
                                          WHERE g.Gram = @gram AND g.AnnouncementId = a.Id AND e.Subject LIKE @name ESCAPE '\'))
        """;

    private readonly string countMatching = "SELECT COUNT(*) FROM Announcement a\n JOIN Region r ON r.Code = a.RegionCode\n" + Filter(db.Dialect);

    private readonly string selectMatching = db.Dialect.Page(SelectAnnouncement + "\n" + Filter(db.Dialect) + "\n ORDER BY a.CreatedUtc DESC, a.Id DESC");

    private const string SelectOpen = SelectAnnouncement + """

         WHERE a.Status = 'Published' AND a.PeriodStart <= @today AND a.PeriodEnd >= @today
         ORDER BY a.PeriodEnd, a.Id
        """;

    private const string SelectVersionsOf = SelectAnnouncement + """

         WHERE a.Id = @id OR a.PreviousVersionId = @id
         ORDER BY a.Version
        """;

    private const string SelectNextStage = "SELECT Id FROM Announcement WHERE PreviousStageId = @id AND Status NOT IN ('Withdrawn', 'Superseded')";

    private const string SelectEntries = """
        SELECT Id, AnnouncementId, Position, HouseholdId, ProjectId, GroupName, Subject, Size, Attribute, Cause,
               IncomePerCapita, AssurancesMet, Measures, Cadre, Amount, Implementer, Beneficiaries, MonitoringType, Withdrawn, WithdrawnReason, NeedsCorrection,
               Place, Task, SubsidyStandard, FundSource, Schedule, ResponsiblePerson, PerformanceTargets, BenefitMechanism
          FROM AnnouncementEntry
         WHERE AnnouncementId = @id
         ORDER BY Position
        """;

    private readonly string insertAnnouncement = db.Dialect.InsertReturningId("Announcement",
        "Kind, Stage, Status, RegionCode, Title, Year, Version, PreviousVersionId, PreviousStageId, RevisionReason, CreatedBy, CreatedUtc",
        "@Kind, @Stage, 'Draft', @RegionCode, @Title, @Year, @Version, @PreviousVersionId, @PreviousStageId, @RevisionReason, @CreatedBy, @CreatedUtc");

    // Entries are written through prepared commands (MultiRow), which return each entry's id and name for its grams.
    private static readonly string[] EntryColumns =
    [
        "AnnouncementId", "Position", "HouseholdId", "ProjectId", "GroupName", "Subject", "Size", "Attribute", "Cause",
        "IncomePerCapita", "AssurancesMet", "Measures", "Cadre", "Amount", "Implementer", "Beneficiaries", "MonitoringType", "Withdrawn", "WithdrawnReason",
        "Place", "Task", "SubsidyStandard", "FundSource", "Schedule", "ResponsiblePerson", "PerformanceTargets", "BenefitMechanism",
    ];

    private static readonly string[] EntryWritten = ["Id", "Subject"];

    private readonly int entriesPerStatement = MultiRow.RowsPerStatement(db.Dialect, EntryColumns.Length);

    private readonly string insertEntries = MultiRow.InsertReturning(db.Dialect, "AnnouncementEntry", EntryColumns, MultiRow.RowsPerStatement(db.Dialect, EntryColumns.Length), EntryWritten);

    private const string SelectRegionNames = """
        SELECT r.Name, p.Name AS ParentName
          FROM Region r
          JOIN Region p ON p.Code = r.ParentCode
         WHERE r.Code = @villageCode
        """;

    private const string UpdateEntryCount = "UPDATE Announcement SET EntryCount = @count WHERE Id = @id";

    private const string SelectDrops = """
        SELECT e.HouseholdId, e.ProjectId, d.Reason, d.CaseNumber
          FROM AnnouncementDrop d
          JOIN AnnouncementEntry e ON e.Id = d.EntryId
         WHERE d.AnnouncementId = @id
        """;

    // The reasons staff gave are replaced on every save; what an upheld objection withdrew stays.
    private const string DeleteStaffDrops = "DELETE FROM AnnouncementDrop WHERE AnnouncementId = @id AND CaseNumber IS NULL";

    private const string InsertDrop = """
        INSERT INTO AnnouncementDrop (AnnouncementId, EntryId, Reason, CaseNumber, DroppedBy, DroppedUtc)
        VALUES (@AnnouncementId, @EntryId, @Reason, NULL, @DroppedBy, @DroppedUtc)
        """;

    private const string CopyDrops = """
        INSERT INTO AnnouncementDrop (AnnouncementId, EntryId, Reason, CaseNumber, DroppedBy, DroppedUtc)
        SELECT @newId, EntryId, Reason, CaseNumber, DroppedBy, DroppedUtc
          FROM AnnouncementDrop
         WHERE AnnouncementId = @id
        """;

    // A correction leaves out the entries an upheld objection withdrew from the version it corrects; against the
    // previous stage they are dropped for that objection.
    private readonly string insertWithdrawnDrops = $"""
        INSERT INTO AnnouncementDrop (AnnouncementId, EntryId, Reason, CaseNumber, DroppedBy, DroppedUtc)
        SELECT @newId, p.Id, NULL, COALESCE(w.WithdrawnReason, '-'), @actor, @now
          FROM AnnouncementEntry w
          JOIN AnnouncementEntry p ON p.AnnouncementId = @previousStageId
                                  AND (p.HouseholdId = w.HouseholdId OR p.ProjectId = w.ProjectId)
         WHERE w.AnnouncementId = @id AND w.Withdrawn = {db.Dialect.True}
           AND NOT EXISTS (SELECT 1 FROM AnnouncementDrop d WHERE d.AnnouncementId = @newId AND d.EntryId = p.Id)
        """;

    private const string DeleteEntries = "DELETE FROM AnnouncementEntry WHERE AnnouncementId = @id";

    // The entries' names as grams (NameGrams), written with the entries and deleted with them: what the name search reads.
    private static readonly string[] GramColumns = ["Gram", "AnnouncementId", "EntryId"];

    private readonly int gramsPerStatement = MultiRow.RowsPerStatement(db.Dialect, GramColumns.Length);

    private readonly string insertGrams = MultiRow.Insert("EntryNameGram", GramColumns, MultiRow.RowsPerStatement(db.Dialect, GramColumns.Length));

    private const string DeleteGrams = "DELETE FROM EntryNameGram WHERE AnnouncementId = @id";

    private const string UpdateDraftCount = """
        UPDATE Announcement
           SET EntryCount = @count, Concurrency = Concurrency + 1
         WHERE Id = @id AND Status = 'Draft' AND Concurrency = @concurrency
        """;

    private const string UpdatePublished = """
        UPDATE Announcement
           SET Status = 'Published', PeriodStart = @start, PeriodEnd = @end, ContentHash = @hash, EntryCount = @count,
               PublishedUtc = @now, Concurrency = Concurrency + 1
         WHERE Id = @id AND Status = 'Draft' AND Concurrency = @concurrency
        """;

    private const string UpdateSuperseded = """
        UPDATE Announcement
           SET Status = 'Superseded', StatusReason = @reason, Concurrency = Concurrency + 1
         WHERE Id = @id AND Status IN ('Published', 'Closed')
        """;

    private const string UpdateStatus = """
        UPDATE Announcement
           SET Status = @status, StatusReason = @reason, FinalizedUtc = @finalizedUtc, Concurrency = Concurrency + 1
         WHERE Id = @id AND Concurrency = @concurrency
        """;

    private const string CloseExpired = """
        UPDATE Announcement
           SET Status = 'Closed', Concurrency = Concurrency + 1
         WHERE Status = 'Published' AND PeriodEnd < @today
        """;

    public async Task<Announcement?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, id, ct);
    }

    public async Task<Announcement?> NextStageAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var next = await c.ExecuteScalarAsync<long?>(new CommandDefinition(SelectNextStage, new { id }, cancellationToken: ct));
        var found = next is { } n ? await GetAsync(c, null, n, ct) : null;
        return found is not null && AnnouncementRules.IsPublic(found) ? found : null;
    }

    public async Task<IReadOnlyList<AnnouncementEntry>> EntriesAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await EntriesAsync(c, null, id, ct);
    }

    // For a later stage: the entries of its previous stage it no longer lists, each with why (empty for a first stage).
    public async Task<IReadOnlyList<DroppedEntry>> DroppedAsync(Announcement a, CancellationToken ct = default)
    {
        if (a.PreviousStageId is not { } previous) return [];
        await using var c = await db.OpenAsync(ct);
        return AnnouncementRules.Dropped(await EntriesAsync(c, null, previous, ct), await EntriesAsync(c, null, a.Id, ct), await DropsAsync(c, null, a.Id, ct));
    }

    // What a draft may list: for the first stage the village's eligible households (or projects); for a later stage only
    // what its previous stage carried, less what an upheld objection withdrew.
    public async Task<IReadOnlyList<Candidate>> CandidatesForAsync(Announcement draft, CancellationToken ct = default)
    {
        if (draft.PreviousStageId is not { } previous) return await CandidatesAsync(draft.Kind, draft.RegionCode, ct);
        await using var c = await db.OpenAsync(ct);
        var drops = await DropsAsync(c, null, draft.Id, ct);
        return AnnouncementRules.Carriable(await EntriesAsync(c, null, previous, ct), drops)
            .Select(e => Checked(draft.Kind, new Candidate
            {
                Id = e.SubjectId, Subject = e.Subject, GroupName = e.GroupName, IncomePerCapita = e.IncomePerCapita, AssurancesMet = e.AssurancesMet,
            }))
            .ToList();
    }

    // Marks what the rules would refuse to list, so the picker can show why before the store refuses it.
    private Candidate Checked(AnnouncementKind kind, Candidate c) =>
        rules.CanListOne(kind, c.Subject, c.IncomePerCapita, c.AssurancesMet) is { IsAllowed: false } refused
            ? c with { Refusal = refused }
            : c;

    // Every version in the lineage of an announcement, oldest first.
    public async Task<IReadOnlyList<Announcement>> VersionsAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var first = await GetAsync(c, null, id, ct);
        while (first?.PreviousVersionId is { } previous) first = await GetAsync(c, null, previous, ct);
        var versions = new List<Announcement>();
        for (var current = first; current is not null;)
        {
            versions.Add(current);
            var next = (await c.QueryAsync<Announcement>(new CommandDefinition(SelectVersionsOf, new { id = current.Id }, cancellationToken: ct)))
                .FirstOrDefault(a => a.PreviousVersionId == current.Id);
            current = next;
        }
        return versions;
    }

    public async Task<Paged<Announcement>> SearchAsync(AnnouncementQuery query, CancellationToken ct = default) =>
        await SearchAsync(query, includeDrafts: false, ct);

    // Staff see their own region's announcements, drafts included.
    public async Task<Paged<Announcement>> SearchForStaffAsync(AnnouncementQuery query, StaffActor actor, CancellationToken ct = default)
    {
        var (township, village) = actor.Scope.Filter(query.TownshipCode, query.VillageCode);
        if (village is not null && !actor.Scope.Contains(village)) return new Paged<Announcement>([], 0, 1, query.PageSize);
        return await SearchAsync(query with { TownshipCode = township, VillageCode = village }, includeDrafts: true, ct);
    }

    private async Task<Paged<Announcement>> SearchAsync(AnnouncementQuery query, bool includeDrafts, CancellationToken ct)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var args = new
        {
            drafts = includeDrafts,
            township = query.TownshipCode,
            village = query.VillageCode,
            kind = query.Kind?.ToString(),
            stage = query.Stage?.ToString(),
            status = query.Status?.ToString(),
            year = query.Year,
            name = Like.Contains(query.HeadName),
            gram = NameGrams.Key(query.HeadName),
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(countMatching, args, cancellationToken: ct));
        var items = (await c.QueryAsync<Announcement>(new CommandDefinition(selectMatching, args, cancellationToken: ct))).AsList();
        return new Paged<Announcement>(items, total, page, pageSize);
    }

    public async Task<IReadOnlyList<Announcement>> OpenNowAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var today = ShanghaiTime.Today(clock.GetUtcNow());
        return (await c.QueryAsync<Announcement>(new CommandDefinition(SelectOpen, new { today }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(AnnouncementKind kind, string villageCode, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await snapshots.CandidatesAsync(c, kind, villageCode, ct)).Select(x => Checked(kind, x)).ToList();
    }

    public async Task<Created> CreateDraftAsync(AnnouncementKind kind, string villageCode, IReadOnlyList<long> subjectIds, StaffActor actor, CancellationToken ct = default)
    {
        var allowed = rules.CanCreate(kind, villageCode, actor);
        if (!allowed.IsAllowed) return Created.Refused(allowed);

        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var region = await c.QuerySingleAsync<(string Name, string ParentName)>(new CommandDefinition(SelectRegionNames, new { villageCode }, tx, cancellationToken: ct));
        var now = clock.GetUtcNow();
        var year = ShanghaiTime.Today(now).Year;
        var first = rules.Procedures.For(kind).First;
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertAnnouncement, new
        {
            Kind = kind.ToString(),
            Stage = first.Level.ToString(),
            RegionCode = villageCode,
            Title = AnnouncementTitle.Official(region.ParentName + region.Name, year, kind, first),
            Year = year,
            Version = 1,
            PreviousVersionId = (long?)null,
            PreviousStageId = (long?)null,
            RevisionReason = (string?)null,
            CreatedBy = actor.UserName,
            CreatedUtc = now.UtcDateTime,
        }, tx, cancellationToken: ct));
        var draft = (await GetAsync(c, tx, id, ct))!;
        var result = await ReplaceDraftEntriesAsync(c, tx, draft, subjectIds, new Dictionary<long, string>(), actor, ct);
        if (!result.IsAllowed) return Created.Refused(result);
        await audit.AppendAsync(c, tx, "AnnouncementDraftCreated", actor.UserName, Subject(id), new { kind = kind.ToString(), region = villageCode, entries = subjectIds.Count }, ct);
        await tx.CommitAsync(ct);
        return new Created(id, RuleResult.Allowed);
    }

    public Task<RuleResult> SetDraftEntriesAsync(long id, long concurrency, IReadOnlyList<long> subjectIds, StaffActor actor, CancellationToken ct = default) =>
        SetDraftEntriesAsync(id, concurrency, subjectIds, new Dictionary<long, string>(), actor, ct);

    // dropReasons: for a later stage, why each entry of the previous stage that is not kept is dropped, by household (or project) id.
    public async Task<RuleResult> SetDraftEntriesAsync(long id, long concurrency, IReadOnlyList<long> subjectIds, IReadOnlyDictionary<long, string> dropReasons,
        StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (a, current) = await CurrentAsync(c, tx, id, concurrency, ct);
        if (a is null) return current;
        var allowed = rules.CanEdit(a, actor);
        if (!allowed.IsAllowed) return allowed;
        var result = await ReplaceDraftEntriesAsync(c, tx, a, subjectIds, dropReasons, actor, ct);
        if (!result.IsAllowed) return result;
        await audit.AppendAsync(c, tx, "AnnouncementDraftEdited", actor.UserName, Subject(id), new { entries = subjectIds.Count, dropped = dropReasons.Count }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<RuleResult> PublishAsync(long id, long concurrency, Period period, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (a, current) = await CurrentAsync(c, tx, id, concurrency, ct);
        if (a is null) return current;
        var now = clock.GetUtcNow();
        var allowed = rules.CanPublish(a, period, a.EntryCount, actor, now, await calendar.CurrentAsync(ct));
        if (!allowed.IsAllowed) return allowed;

        var draft = await EntriesAsync(c, tx, id, ct);
        var snapshot = await snapshots.SnapshotAsync(c, tx, a, rules.Procedures.For(a.Kind), draft.Select(e => (e.HouseholdId ?? e.ProjectId)!.Value).ToList(), ct);
        if (snapshot is null) return RuleResult.Refuse("Announcement.EntryNotEligible");
        // Today's data again: a household whose income or assurances changed since the draft was saved is not published.
        var listable = rules.CanList(a.Kind, snapshot);
        if (!listable.IsAllowed) return listable;
        // Again at publication: a draft written before this rule, or by any other path, publishes nothing it may not carry.
        var carried = await CanCarryForwardAsync(c, tx, a, snapshot, await DropsAsync(c, tx, id, ct), ct);
        if (!carried.IsAllowed) return carried;

        // Written again only when today's data differs from the draft's in any entry (most often nothing changed since).
        if (!draft.Select(EntryRow).SequenceEqual(snapshot.Select(EntryRow), RowComparer))
        {
            await DeleteEntriesAsync(c, tx, id, ct);
            await InsertEntriesAsync(c, tx, id, snapshot.Select(EntryRow), ct);
        }
        var published = a with { PeriodStart = period.Start, PeriodEnd = period.End };
        // Over what goes online (a withheld cause as withheld), so that anyone can recompute it from the open data.
        var procedure = rules.Procedures.For(a.Kind);
        var hash = AnnouncementContent.Hash(published, snapshot.Select(e => OnlinePrivacy.LeastData(procedure, e)), procedure.OnlineFields);
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdatePublished,
            new { id, concurrency, start = period.Start, end = period.End, hash, count = snapshot.Count, now = now.UtcDateTime }, tx, cancellationToken: ct));
        if (updated != 1) return RuleResult.Refuse("Announcement.ChangedMeanwhile");
        if (a.PreviousVersionId is { } previous)
        {
            await c.ExecuteAsync(new CommandDefinition(UpdateSuperseded, new { id = previous, reason = $"v{a.Version}" }, tx, cancellationToken: ct));
        }
        await audit.AppendAsync(c, tx, "AnnouncementPublished", actor.UserName, Subject(id),
            new { version = a.Version, start = AnnouncementText.Date(period.Start), end = AnnouncementText.Date(period.End), hash, entries = snapshot.Count, supersedes = a.PreviousVersionId }, ct);
        await tx.CommitAsync(ct);
        await PublicChangedAsync(ct);
        return RuleResult.Allowed;
    }

    public Task<RuleResult> WithdrawAsync(long id, long concurrency, string reason, StaffActor actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, concurrency, AnnouncementStatus.Withdrawn, reason, actor,
            (a, _, now) => rules.CanWithdraw(a, reason, actor, now), ct);

    public Task<RuleResult> FinalizeAsync(long id, long concurrency, StaffActor actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, concurrency, AnnouncementStatus.Finalized, null, actor,
            (a, notReplied, now) => rules.CanFinalize(a, notReplied, actor, now), ct);

    private async Task<RuleResult> ChangeStatusAsync(long id, long concurrency, AnnouncementStatus status, string? reason, StaffActor actor,
        Func<Announcement, int, DateTimeOffset, RuleResult> rule, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (a, current) = await CurrentAsync(c, tx, id, concurrency, ct);
        if (a is null) return current;
        var now = clock.GetUtcNow();
        var allowed = rule(a, await ObjectionsNotRepliedAsync(c, tx, id, ct), now);
        if (!allowed.IsAllowed) return allowed;
        var finalizedUtc = status == AnnouncementStatus.Finalized ? now.UtcDateTime : (DateTime?)null;
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateStatus,
            new { id, concurrency, status = status.ToString(), reason, finalizedUtc }, tx, cancellationToken: ct));
        if (updated != 1) return RuleResult.Refuse("Announcement.ChangedMeanwhile");
        if (status == AnnouncementStatus.Finalized && HouseholdLifecycle.Decides(a)) await ApplyHouseholdStatusesAsync(c, tx, a, actor.UserName, now, ct);
        if (status == AnnouncementStatus.Finalized && MonitoringLifecycle.Decides(a, rules)) await ApplyMonitoringStatusesAsync(c, tx, a, actor.UserName, now, ct);
        await audit.AppendAsync(c, tx, $"Announcement{status}", actor.UserName, Subject(id), new { reason }, ct);
        await tx.CommitAsync(ct);
        await PublicChangedAsync(ct);
        return RuleResult.Allowed;
    }

    // The next stage starts as a draft carrying the entries forward, without the withdrawn ones.
    public async Task<Created> AdvanceAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The source is held first: a second Advance waits here, then finds the draft this one made.
        var a = await HoldExclusivelyAsync(c, tx, id, ct);
        if (a is null) return Created.Refused(RuleResult.Refuse("Announcement.NotFound"));
        var nextExists = await c.ExecuteScalarAsync<long?>(new CommandDefinition(SelectNextStage, new { id }, tx, cancellationToken: ct)) is not null;
        var allowed = rules.CanAdvance(a, nextExists, await ObjectionsNotRepliedAsync(c, tx, id, ct), actor);
        if (!allowed.IsAllowed) return Created.Refused(allowed);
        var next = rules.NextStage(a.Kind, a.Stage)!.Value;
        var newId = await CopyAsDraftAsync(c, tx, a, next, version: 1, previousVersionId: null, previousStageId: a.Id, actor, ct);
        await audit.AppendAsync(c, tx, "AnnouncementAdvanced", actor.UserName, Subject(id), new { next = newId, stage = next.ToString() }, ct);
        await tx.CommitAsync(ct);
        return new Created(newId, RuleResult.Allowed);
    }

    // A corrected version starts as a draft with the same entries; publishing it supersedes this one.
    public async Task<Created> ReviseAsync(long id, string? reason, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The source is held first: a second Revise waits here, then finds the correction this one made.
        var a = await HoldExclusivelyAsync(c, tx, id, ct);
        if (a is null) return Created.Refused(RuleResult.Refuse("Announcement.NotFound"));
        var newer = (await c.QueryAsync<Announcement>(new CommandDefinition(SelectVersionsOf, new { id }, tx, cancellationToken: ct)))
            .Any(v => v.PreviousVersionId == id && v.Status != AnnouncementStatus.Withdrawn);
        var allowed = rules.CanRevise(a, newer, reason, actor, clock.GetUtcNow());
        if (!allowed.IsAllowed) return Created.Refused(allowed);
        var newId = await CopyAsDraftAsync(c, tx, a, a.Stage, a.Version + 1, previousVersionId: a.Id, previousStageId: a.PreviousStageId, actor, ct,
            revisionReason: reason!.Trim());
        if (a.PreviousStageId is { } previousStageId)
        {
            await c.ExecuteAsync(new CommandDefinition(CopyDrops, new { newId, id }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(insertWithdrawnDrops,
                new { newId, id, previousStageId, actor = actor.UserName, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        }
        await audit.AppendAsync(c, tx, "AnnouncementRevised", actor.UserName, Subject(id), new { correction = newId, version = a.Version + 1, reason = reason.Trim() }, ct);
        await tx.CommitAsync(ct);
        return new Created(newId, RuleResult.Allowed);
    }

    public async Task<int> CloseExpiredAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var closed = await c.ExecuteAsync(new CommandDefinition(CloseExpired, new { today = ShanghaiTime.Today(clock.GetUtcNow()) }, tx, cancellationToken: ct));
        if (closed > 0) await audit.AppendAsync(c, tx, "AnnouncementsClosed", null, null, new { count = closed }, ct);
        await tx.CommitAsync(ct);
        if (closed > 0) await PublicChangedAsync(ct);
        return closed;
    }

    private async Task PublicChangedAsync(CancellationToken ct)
    {
        if (cache is not null) await cache.ChangedAsync(ct);
    }

    // Objections still waiting for their reply (SPEC §2: an inadmissible one is replied with its reason).
    private const string CountNotReplied = """
        SELECT COUNT(*)
          FROM Objection
         WHERE AnnouncementId = @announcementId
           AND State IN ('Received', 'Admissible', 'UnderInvestigation', 'Decided', 'Appealed', 'Escalated')
        """;

    private static async Task<int> ObjectionsNotRepliedAsync(DbConnection c, DbTransaction tx, long announcementId, CancellationToken ct) =>
        (int)await c.ExecuteScalarAsync<long>(new CommandDefinition(CountNotReplied, new { announcementId }, tx, cancellationToken: ct));

    private async Task<long> CopyAsDraftAsync(DbConnection c, DbTransaction tx, Announcement a, AnnouncementStage stage, int version,
        long? previousVersionId, long? previousStageId, StaffActor actor, CancellationToken ct, string? revisionReason = null)
    {
        var now = clock.GetUtcNow();
        var newId = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertAnnouncement, new
        {
            Kind = a.Kind.ToString(),
            Stage = stage.ToString(),
            a.RegionCode,
            Title = AnnouncementTitle.Official(a.ParentName + a.RegionName, a.Year, a.Kind, rules.Procedures.For(a.Kind).Stage(stage)!),
            a.Year,
            Version = version,
            PreviousVersionId = previousVersionId,
            PreviousStageId = previousStageId,
            RevisionReason = revisionReason,
            CreatedBy = actor.UserName,
            CreatedUtc = now.UtcDateTime,
        }, tx, cancellationToken: ct));
        var entries = (await EntriesAsync(c, tx, a.Id, ct))
            .Where(e => !e.Withdrawn)
            .Select((e, i) => EntryRow(e with { AnnouncementId = newId, Position = i + 1 }))
            .ToList();
        await InsertEntriesAsync(c, tx, newId, entries, ct);
        await c.ExecuteAsync(new CommandDefinition(UpdateEntryCount, new { id = newId, count = entries.Count }, tx, cancellationToken: ct));
        return newId;
    }

    private async Task<RuleResult> ReplaceDraftEntriesAsync(DbConnection c, DbTransaction tx, Announcement draft, IReadOnlyList<long> subjectIds,
        IReadOnlyDictionary<long, string> dropReasons, StaffActor actor, CancellationToken ct)
    {
        var ids = subjectIds.Distinct().ToList();
        var snapshot = await snapshots.SnapshotAsync(c, tx, draft, rules.Procedures.For(draft.Kind), ids, ct);
        if (snapshot is null) return RuleResult.Refuse("Announcement.EntryNotEligible");
        var listable = rules.CanList(draft.Kind, snapshot);
        if (!listable.IsAllowed) return listable;
        var drops = (await DropsAsync(c, tx, draft.Id, ct)).Values.Where(d => d.CaseNumber is not null)
            .Concat(dropReasons.Select(r => new StageDrop(r.Key, r.Value, null)))
            .DistinctBy(d => d.SubjectId)
            .ToDictionary(d => d.SubjectId);
        var carried = await CanCarryForwardAsync(c, tx, draft, snapshot, drops, ct);
        if (!carried.IsAllowed) return carried;

        await DeleteEntriesAsync(c, tx, draft.Id, ct);
        await InsertEntriesAsync(c, tx, draft.Id, snapshot.Select(EntryRow), ct);
        if (draft.PreviousStageId is { } previousStage)
        {
            var kept = ids.ToHashSet();
            var now = clock.GetUtcNow().UtcDateTime;
            var staffDrops = (await EntriesAsync(c, tx, previousStage, ct))
                .Where(e => !e.Withdrawn && !kept.Contains(e.SubjectId) && drops[e.SubjectId].CaseNumber is null)
                .Select(e => new { AnnouncementId = draft.Id, EntryId = e.Id, Reason = drops[e.SubjectId].Reason!.Trim(), DroppedBy = actor.UserName, DroppedUtc = now });
            await c.ExecuteAsync(new CommandDefinition(DeleteStaffDrops, new { id = draft.Id }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(InsertDrop, staffDrops.ToList(), tx, cancellationToken: ct));
        }
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateDraftCount,
            new { id = draft.Id, count = snapshot.Count, concurrency = draft.Concurrency }, tx, cancellationToken: ct));
        return updated == 1 ? RuleResult.Allowed : RuleResult.Refuse("Announcement.ChangedMeanwhile");
    }

    // A later stage may list only what its previous stage carried; the first stage has nothing to carry.
    private static async Task<RuleResult> CanCarryForwardAsync(DbConnection c, DbTransaction tx, Announcement a, IReadOnlyList<AnnouncementEntry> listed,
        IReadOnlyDictionary<long, StageDrop> drops, CancellationToken ct) =>
        a.PreviousStageId is { } previous
            ? AnnouncementRules.CanCarryForward(await EntriesAsync(c, tx, previous, ct), listed, drops)
            : RuleResult.Allowed;

    private static async Task<IReadOnlyDictionary<long, StageDrop>> DropsAsync(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        (await c.QueryAsync<DropRow>(new CommandDefinition(SelectDrops, new { id }, tx, cancellationToken: ct)))
            .Select(d => new StageDrop((d.HouseholdId ?? d.ProjectId)!.Value, d.Reason, d.CaseNumber))
            .ToDictionary(d => d.SubjectId);

    private static async Task<IReadOnlyList<AnnouncementEntry>> EntriesAsync(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        (await c.QueryAsync<AnnouncementEntry>(new CommandDefinition(SelectEntries, new { id }, tx, cancellationToken: ct))).AsList();

    private const string SelectListedHouseholds = """
        SELECT e.HouseholdId, h.Status, e.Withdrawn
          FROM AnnouncementEntry e
          JOIN Household h ON h.Id = e.HouseholdId
         WHERE e.AnnouncementId = @id
        """;

    private async Task ApplyHouseholdStatusesAsync(DbConnection c, DbTransaction tx, Announcement a, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var listed = await c.QueryAsync<(long HouseholdId, string Status, bool Withdrawn)>(new CommandDefinition(SelectListedHouseholds, new { id = a.Id }, tx, cancellationToken: ct));
        var changed = 0;
        foreach (var (householdId, status, withdrawn) in listed)
        {
            var from = Enum.Parse<HouseholdStatus>(status);
            if (HouseholdLifecycle.Next(a.Kind, from, withdrawn) is not { } to) continue;
            if (await HouseholdStore.ChangeStatusAsync(c, tx, householdId, from, to, a.Id, ShanghaiTime.Today(now).Year, now, ct)) changed++;
        }
        await audit.AppendAsync(c, tx, "HouseholdStatusesChanged", actor, Subject(a.Id), new { kind = a.Kind.ToString(), households = changed }, ct);
    }

    // The listed households' monitoring cases move on (MonitoringLifecycle); a withdrawn entry changes nothing.
    private async Task ApplyMonitoringStatusesAsync(DbConnection c, DbTransaction tx, Announcement a, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (from, to) = MonitoringLifecycle.Transition(a.Kind)!.Value;
        var listed = await c.QueryAsync<(long HouseholdId, string Status, bool Withdrawn)>(new CommandDefinition(SelectListedHouseholds, new { id = a.Id }, tx, cancellationToken: ct));
        var changed = 0;
        foreach (var (householdId, _, withdrawn) in listed)
        {
            if (!withdrawn && await MonitoringStore.ChangeStatusAsync(c, tx, householdId, from, to, a.Id, ShanghaiTime.Today(now), now, ct)) changed++;
        }
        await audit.AppendAsync(c, tx, "MonitoringStatusesChanged", actor, Subject(a.Id), new { kind = a.Kind.ToString(), households = changed }, ct);
    }

    private static string Subject(long id) => $"announcement:{id}";

    private async Task InsertEntriesAsync(DbConnection c, DbTransaction tx, long announcementId, IEnumerable<object> rows, CancellationToken ct)
    {
        var grams = new List<object?[]>();
        await MultiRow.InsertAsync(c, tx, insertEntries, entriesPerStatement, n => MultiRow.InsertReturning(db.Dialect, "AnnouncementEntry", EntryColumns, n, EntryWritten),
            EntryColumns, rows, ct, read: r =>
        {
            var id = r.GetInt64(0);
            if (!r.IsDBNull(1)) grams.AddRange(NameGrams.Of(r.GetString(1)).Select(g => new object?[] { g, announcementId, id }));
        });
        await MultiRow.InsertAsync(c, tx, insertGrams, gramsPerStatement, n => MultiRow.Insert("EntryNameGram", GramColumns, n), GramColumns, grams, ct);
    }

    private static async Task DeleteEntriesAsync(DbConnection c, DbTransaction tx, long announcementId, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(DeleteGrams, new { id = announcementId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeleteEntries, new { id = announcementId }, tx, cancellationToken: ct));
    }

    // An entry's values in EntryColumns' order (MultiRow writes arrays without reading properties one by one).
    private static object?[] EntryRow(AnnouncementEntry e) =>
    [
        e.AnnouncementId, e.Position, e.HouseholdId, e.ProjectId, e.GroupName, e.Subject, e.Size, e.Attribute, e.Cause,
        e.IncomePerCapita, e.AssurancesMet, e.Measures, e.Cadre, e.Amount, e.Implementer, e.Beneficiaries, e.MonitoringType, e.Withdrawn, e.WithdrawnReason,
        e.Place, e.Task, e.SubsidyStandard, e.FundSource, e.Schedule, e.ResponsiblePerson, e.PerformanceTargets, e.BenefitMechanism,
    ];

    private static readonly IEqualityComparer<object?[]> RowComparer = EqualityComparer<object?[]>.Create(
        (a, b) => System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
        a => System.Collections.StructuralComparisons.StructuralEqualityComparer.GetHashCode(a));

    // The announcement as the caller last saw it, or why it cannot be changed: gone, or changed by someone else since.
    private static async Task<(Announcement? Announcement, RuleResult Result)> CurrentAsync(DbConnection c, DbTransaction tx, long id, long concurrency, CancellationToken ct)
    {
        var a = await GetAsync(c, tx, id, ct);
        if (a is null) return (null, RuleResult.Refuse("Announcement.NotFound"));
        return a.Concurrency == concurrency ? (a, RuleResult.Allowed) : (null, RuleResult.Refuse("Announcement.ChangedMeanwhile"));
    }

    private static async Task<Announcement?> GetAsync(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<Announcement>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));

    // SQLite's transactions take the write lock when they begin. On SQL Server and PostgreSQL a shared hold lets many
    // objections read the announcement at once while a withdrawal, closing or finalizing (an UPDATE) waits for them;
    // an exclusive one, for a writer that decides from it (Advance, Revise), makes a second such writer wait.
    private readonly string selectShared = db.Dialect.Hold(SelectById, "Announcement", "a", exclusive: false);

    private readonly string selectExclusive = db.Dialect.Hold(SelectById, "Announcement", "a", exclusive: true);

    // The announcement as it is inside the caller's transaction, held until that ends: a withdrawal, closing or
    // finalizing waits for it, so what the caller decides on it (an objection's period) still holds when it commits.
    public Task<Announcement?> HoldAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Announcement>(new CommandDefinition(selectShared, new { id }, tx, cancellationToken: ct));

    private Task<Announcement?> HoldExclusivelyAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Announcement>(new CommandDefinition(selectExclusive, new { id }, tx, cancellationToken: ct));

    private sealed record DropRow
    {
        public long? HouseholdId { get; init; }
        public long? ProjectId { get; init; }
        public string? Reason { get; init; }
        public string? CaseNumber { get; init; }
    }

    private readonly string withdrawEntry = $"UPDATE AnnouncementEntry SET Withdrawn = {db.Dialect.True}, WithdrawnReason = @reason WHERE Id = @entryId";

    private readonly string markForCorrection = $"UPDATE AnnouncementEntry SET NeedsCorrection = {db.Dialect.True} WHERE Id = @entryId";

    // An upheld objection's effect on a published entry (SPEC §2), in the caller's transaction: withdrawn, the case
    // number as its reason, or marked for correction and republication.
    public Task WithdrawEntryAsync(DbConnection c, DbTransaction tx, long entryId, string reason, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(withdrawEntry, new { entryId, reason }, tx, cancellationToken: ct));

    public Task MarkForCorrectionAsync(DbConnection c, DbTransaction tx, long entryId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(markForCorrection, new { entryId }, tx, cancellationToken: ct));
}

public sealed record Created(long? Id, RuleResult Result)
{
    public static Created Refused(RuleResult result) => new(null, result);
}
