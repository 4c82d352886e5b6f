using Portal.Infrastructure;
using System.Data.Common;
using Dapper;
using Portal.Features.Announcements;
using Portal.Features.Households;
using Portal.Infrastructure.Data;

namespace Portal.Features.Objections;

public sealed record NewObjection(
    long AnnouncementId,
    long? EntryId,
    ObjectionCategory Category,
    string Text,
    string TextHash,
    bool Anonymous,
    string? IdentityCipher,
    ObjectionChannel Channel,
    string? EnteredBy,
    string ReceiptHash,
    ReviewQueue Queue,
    string QueueRegionCode,
    DateTime ReceivedUtc,
    long? HouseholdId = null)
{
    // The lane a case starts in follows its category; it changes only when an inspector takes it over or hands it over.
    public CaseLane Lane => Lanes.Of(Category);
}

// What a purge deleted of the cases it took: their numbers, how many had a named complainant, and the attachments, whose
// files the caller deletes before it commits.
public sealed record PurgedCases(IReadOnlyList<string> CaseNumbers, int Identities, IReadOnlyList<StoredAttachment> Attachments);

public sealed class ObjectionStore(DbConnectionFactory db, Audit.AuditLog audit, AnnouncementStore announcements)
{
    private readonly string insertObjection = db.Dialect.InsertReturningId("Objection",
        "AnnouncementId, EntryId, HouseholdId, Category, Text, TextHash, Anonymous, IdentityCipher, Channel, EnteredBy, ReceiptHash, State, Queue, QueueRegionCode, LikelyDuplicate, ReceivedUtc, Lane",
        "@AnnouncementId, @EntryId, @HouseholdId, @Category, @Text, @TextHash, @Anonymous, @IdentityCipher, @Channel, @EnteredBy, @ReceiptHash, 'Received', @Queue, @QueueRegionCode, @LikelyDuplicate, @ReceivedUtc, @Lane");

    private readonly string insertEvent = db.Dialect.InsertReturningId("ObjectionEvent",
        "ObjectionId, Kind, State, Text, Actor, CreatedUtc", "@ObjectionId, @Kind, @State, @Text, @Actor, @CreatedUtc");

    private const string SetCaseNumber = "UPDATE Objection SET CaseNumber = @caseNumber WHERE Id = @id";

    private const string CountDuplicates = """
        SELECT COUNT(*)
          FROM Objection
         WHERE AnnouncementId = @announcementId
           AND TextHash = CAST(@textHash AS CHAR(64))
           AND ReceivedUtc >= @since
        """;

    private const string InsertAttachment = """
        INSERT INTO ObjectionAttachment (ObjectionId, EventId, StoredName, ContentType, SizeBytes, OriginalName, CreatedUtc)
        VALUES (@ObjectionId, @EventId, @StoredName, @ContentType, @SizeBytes, @OriginalName, @CreatedUtc)
        """;

    // The case as the workflow reads it (the lane, its deadlines) with the titles the complainant is shown, in one read.
    private const string SelectByReceipt = $"""
        SELECT {CaseColumns}, a.Title AS AnnouncementTitle, e.Subject AS EntrySubject
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
          LEFT JOIN AnnouncementEntry e ON e.Id = o.EntryId
         WHERE o.ReceiptHash = CAST(@receiptHash AS CHAR(64))
        """;

    // The complainant's own view: internal notes never leave.
    private const string SelectPublicTimeline = """
        SELECT Id, Kind, State, Text, CreatedUtc
          FROM ObjectionEvent
         WHERE ObjectionId = @id AND Kind <> 'InternalNote'
         ORDER BY Id
        """;

    // What arrived, never under which name it is kept.
    private const string SelectPublicAttachments = """
        SELECT ContentType, SizeBytes
          FROM ObjectionAttachment
         WHERE ObjectionId = @id
         ORDER BY Id
        """;

    // The case row, read the same way wherever a case is read to be moved or tracked.
    private const string CaseColumns = """
        o.Id, o.CaseNumber, o.AnnouncementId, o.EntryId, o.Category, o.Text, o.State, o.Queue, o.QueueRegionCode, o.Channel, o.Anonymous,
               o.LikelyDuplicate, o.RoutedToDistrict, o.ReceivedUtc, o.Concurrency, o.AssignedTo, o.Outcome, o.RepliedUtc, o.HouseholdId,
               o.Lane, o.Disposition, o.AcceptanceToldUtc, o.ResultToldUtc, o.ClosedUtc, o.AppealedUtc, o.IdentityPurgedUtc
        """;

    private const string SelectCase = $"""
        SELECT {CaseColumns}
          FROM Objection o
        """;

    private const string SelectById = SelectCase + "\n WHERE Id = @id";

    private const string SelectCaseByReceipt = SelectCase + "\n WHERE ReceiptHash = CAST(@receiptHash AS CHAR(64))";

    private const string SelectDueForClosing = SelectCase + "\n WHERE State IN ('Replied', 'Inadmissible') AND RepliedUtc < @cutoff";

    // Every move of a case; a stale concurrency value changes nothing, and the caller writes nothing more.
    private const string UpdateCase = """
        UPDATE Objection
           SET State = @State, AssignedTo = @AssignedTo, Outcome = @Outcome, RepliedUtc = @RepliedUtc, Queue = @Queue,
               QueueRegionCode = @QueueRegionCode, RoutedToDistrict = @RoutedToDistrict, Lane = @Lane, Disposition = @Disposition,
               AcceptanceToldUtc = @AcceptanceToldUtc, ResultToldUtc = @ResultToldUtc, ClosedUtc = @ClosedUtc, AppealedUtc = @AppealedUtc,
               Concurrency = Concurrency + 1
         WHERE Id = @id AND Concurrency = @concurrency
        """;

    private const string SelectAttachments = """
        SELECT StoredName, ContentType, SizeBytes, OriginalName
          FROM ObjectionAttachment
         WHERE ObjectionId = @id
         ORDER BY Id
        """;

    // Saves the objection, its first timeline event and its attachments together, or nothing: nothing when the
    // announcement, read again and held inside this transaction, is no longer open at the time of receipt (withdrawn or
    // closed since the intake checked it), and then the refusal says why.
    // The likely-duplicate mark is stored for staff and not returned: the submitter must not learn that someone else
    // sent the same text.
    public async Task<(long Id, string CaseNumber, RuleResult? PeriodProblem)> AddAsync(NewObjection o, IReadOnlyList<StoredAttachment> attachments,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var announcement = await announcements.HoldAsync(c, tx, o.AnnouncementId, ct);
        if (ObjectionRules.PeriodProblem(announcement, new DateTimeOffset(DateTime.SpecifyKind(o.ReceivedUtc, DateTimeKind.Utc))) is { } problem)
        {
            return (0, "", problem);
        }
        var duplicates = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountDuplicates,
            new { announcementId = o.AnnouncementId, textHash = db.Dialect.Ansi(o.TextHash), since = o.ReceivedUtc.AddHours(-24) }, tx, cancellationToken: ct));
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertObjection, new
        {
            o.AnnouncementId, o.EntryId, o.HouseholdId, Category = o.Category.ToString(), o.Text, o.TextHash, o.Anonymous, o.IdentityCipher,
            Channel = o.Channel.ToString(), o.EnteredBy, o.ReceiptHash, Queue = o.Queue.ToString(), o.QueueRegionCode,
            LikelyDuplicate = duplicates > 0, o.ReceivedUtc, Lane = o.Lane.ToString(),
        }, tx, cancellationToken: ct));
        var caseNumber = ObjectionRules.CaseNumber(ShanghaiTime.DateOf(o.ReceivedUtc).Year, id);
        await c.ExecuteAsync(new CommandDefinition(SetCaseNumber, new { id, caseNumber }, tx, cancellationToken: ct));
        var eventId = await AddEventAsync(c, tx, id, new NewObjectionEvent(ObjectionEventKind.Received, ObjectionState.Received, Actor: o.EnteredBy), o.ReceivedUtc, ct);
        await AddAttachmentsAsync(c, tx, id, eventId, attachments, o.ReceivedUtc, ct);
        // Never the identity, the text or the receipt: what arrived, where it went.
        await audit.AppendAsync(c, tx, "ObjectionReceived", o.EnteredBy, $"objection:{caseNumber}",
            new { announcement = o.AnnouncementId, category = o.Category.ToString(), channel = o.Channel.ToString(), queue = o.Queue.ToString(), lane = o.Lane.ToString(), attachments = attachments.Count }, ct);
        await tx.CommitAsync(ct);
        return (id, caseNumber, null);
    }

    public async Task<TrackedObjection?> TrackAsync(string receiptHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(SelectByReceipt, new { receiptHash = db.Dialect.Ansi(receiptHash) }, cancellationToken: ct));
        if (row is null) return null;
        // What the complainant reads is masked (FreeTextMask): whoever holds the receipt reads it too.
        var timeline = (await c.QueryAsync<ObjectionEvent>(new CommandDefinition(SelectPublicTimeline, new { id = row.Id }, cancellationToken: ct)))
            .Select(e => e with { Text = FreeTextMask.Mask(e.Text) }).ToList();
        var reply = timeline.LastOrDefault(e => e.Kind == ObjectionEventKind.Reply)?.Text;
        var attachments = (await c.QueryAsync<TrackedAttachment>(new CommandDefinition(SelectPublicAttachments, new { id = row.Id }, cancellationToken: ct))).AsList();
        return new TrackedObjection(row.Id, row.CaseNumber ?? "", row.AnnouncementId, FreeTextMask.Mask(row.AnnouncementTitle), FreeTextMask.Mask(row.EntrySubject),
            row.Category, FreeTextMask.Mask(row.Text), row.State, row.ReceivedUtc, timeline, reply, row.RepliedUtc, attachments) { Case = row };
    }

    // A complainant's answer, found by their receipt: refused when the receipt matches no case, or the case is closed.
    public async Task<RuleResult> AddComplainantMessageAsync(string receiptHash, string text, IReadOnlyList<StoredAttachment> attachments, DateTime nowUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await ReadByReceiptAsync(c, tx, receiptHash, ct);
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        if (ObjectionRules.AnswerProblem(row.State) is { } closed) return closed;
        var eventId = await AddEventAsync(c, tx, row.Id, new NewObjectionEvent(ObjectionEventKind.MessageFromComplainant, Text: text), nowUtc, ct);
        await AddAttachmentsAsync(c, tx, row.Id, eventId, attachments, nowUtc, ct);
        await audit.AppendAsync(c, tx, "ObjectionMessageFromComplainant", null, $"objection:{row.CaseNumber}", new { attachments = attachments.Count }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<ObjectionRow?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, null, id, ct);
    }

    public Task<ObjectionRow?> ReadAsync(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));

    public Task<ObjectionRow?> ReadByReceiptAsync(DbConnection c, DbTransaction? tx, string receiptHash, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCaseByReceipt, new { receiptHash = db.Dialect.Ansi(receiptHash) }, tx, cancellationToken: ct));

    // Replied or inadmissible cases whose reply is older than the cutoff.
    public async Task<IReadOnlyList<ObjectionRow>> RepliedBeforeAsync(DateTime cutoffUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ObjectionRow>(new CommandDefinition(SelectDueForClosing, new { cutoff = cutoffUtc }, cancellationToken: ct))).AsList();
    }

    // True when the row still had the concurrency value read with it, and now holds the change.
    public async Task<bool> UpdateAsync(DbConnection c, DbTransaction tx, long id, long concurrency, ObjectionChange change, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(UpdateCase, new
        {
            id, concurrency, State = change.State.ToString(), change.AssignedTo, change.Outcome, change.RepliedUtc, Queue = change.Queue.ToString(),
            change.QueueRegionCode, change.RoutedToDistrict, Lane = change.Lane.ToString(), Disposition = change.Disposition?.ToString(),
            change.AcceptanceToldUtc, change.ResultToldUtc, change.ClosedUtc, change.AppealedUtc,
        }, tx, cancellationToken: ct)) == 1;

    public async Task<IReadOnlyList<StoredAttachment>> AttachmentsAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StoredAttachment>(new CommandDefinition(SelectAttachments, new { id }, cancellationToken: ct))).AsList();
    }

    public async Task<long> AddEventAsync(DbConnection c, DbTransaction tx, long objectionId, NewObjectionEvent e, DateTime nowUtc, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(insertEvent,
            new { ObjectionId = objectionId, Kind = e.Kind.ToString(), State = e.State?.ToString(), e.Text, e.Actor, CreatedUtc = nowUtc }, tx, cancellationToken: ct));

    private static async Task AddAttachmentsAsync(DbConnection c, DbTransaction tx, long objectionId, long eventId, IReadOnlyList<StoredAttachment> attachments,
        DateTime nowUtc, CancellationToken ct)
    {
        if (attachments.Count == 0) return;
        await c.ExecuteAsync(new CommandDefinition(InsertAttachment,
            attachments.Select(a => new { ObjectionId = objectionId, EventId = eventId, a.StoredName, a.ContentType, a.SizeBytes, a.OriginalName, CreatedUtc = nowUtc }), tx, cancellationToken: ct));
    }

    // Closed before the cutoff, with an identity or an attachment left, not purged yet.
    private readonly string selectDueForPurge = db.Dialect.Page("""
        SELECT o.Id, o.CaseNumber, o.Anonymous
          FROM Objection o
         WHERE o.State = 'Closed'
           AND o.ClosedUtc < @closedBefore
           AND o.IdentityPurgedUtc IS NULL
           AND (o.IdentityCipher IS NOT NULL OR EXISTS (SELECT 1 FROM ObjectionAttachment a WHERE a.ObjectionId = o.Id))
         ORDER BY o.Id
        """);

    private readonly string selectAttachmentsOfCases = $"""
        SELECT StoredName, ContentType, SizeBytes, OriginalName
          FROM ObjectionAttachment
         WHERE {db.Dialect.In("ObjectionId", "ids")}
         ORDER BY Id
        """;

    private readonly string deleteAttachmentsOfCases = $"DELETE FROM ObjectionAttachment WHERE {db.Dialect.In("ObjectionId", "ids")}";

    private readonly string purgeIdentities = $"""
        UPDATE Objection
           SET IdentityCipher = NULL, IdentityPurgedUtc = @now
         WHERE {db.Dialect.In("Id", "ids")} AND IdentityPurgedUtc IS NULL
        """;

    // Deletes, in the caller's transaction, the complainant's identity (name, phone and relation are one encrypted value)
    // and the attachment rows of up to take cases closed before closedBefore; the text, its hash and the receipt's hash
    // stay, so the case still counts, still finds its duplicates and can still be tracked. Null when another purge took
    // some of them meanwhile (the caller rolls back).
    public async Task<PurgedCases?> PurgeIdentitiesAsync(DbConnection c, DbTransaction tx, DateTime closedBefore, DateTime now, int take, CancellationToken ct)
    {
        var due = (await c.QueryAsync<DueCase>(new CommandDefinition(selectDueForPurge,
            new { closedBefore, skip = 0, take }, tx, cancellationToken: ct))).AsList();
        var ids = due.Select(d => d.Id).ToList();
        if (ids.Count == 0) return new PurgedCases([], 0, []);
        var attachments = (await c.QueryAsync<StoredAttachment>(new CommandDefinition(selectAttachmentsOfCases, new { ids }, tx, cancellationToken: ct))).AsList();
        await c.ExecuteAsync(new CommandDefinition(deleteAttachmentsOfCases, new { ids }, tx, cancellationToken: ct));
        if (await c.ExecuteAsync(new CommandDefinition(purgeIdentities, new { ids, now }, tx, cancellationToken: ct)) != ids.Count) return null;
        return new PurgedCases([.. due.Select(d => d.CaseNumber)], due.Count(d => !d.Anonymous), attachments);
    }

    private sealed record DueCase
    {
        public long Id { get; init; }
        public string CaseNumber { get; init; } = "";
        public bool Anonymous { get; init; }
    }

    // The case row with the titles /track shows beside it.
    private sealed record TrackRow : ObjectionRow
    {
        public string AnnouncementTitle { get; init; } = "";
        public string? EntrySubject { get; init; }
    }
}
