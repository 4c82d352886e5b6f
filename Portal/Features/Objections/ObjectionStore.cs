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

public sealed class ObjectionStore(DbConnectionFactory db, Audit.AuditLog audit)
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
           AND TextHash = @textHash
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
         WHERE o.ReceiptHash = @receiptHash
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
               o.Lane, o.Disposition, o.AcceptanceToldUtc, o.ResultToldUtc, o.ClosedUtc, o.AppealedUtc
        """;

    private const string SelectCase = $"""
        SELECT {CaseColumns}
          FROM Objection o
        """;

    private const string SelectById = SelectCase + "\n WHERE Id = @id";

    private const string SelectCaseByReceipt = SelectCase + "\n WHERE ReceiptHash = @receiptHash";

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

    // Saves the objection, its first timeline event and its attachments together, or nothing.
    // The likely-duplicate mark is stored for staff and not returned: the submitter must not learn that someone else
    // sent the same text.
    public async Task<(long Id, string CaseNumber)> AddAsync(NewObjection o, IReadOnlyList<StoredAttachment> attachments, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var duplicates = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountDuplicates,
            new { announcementId = o.AnnouncementId, textHash = o.TextHash, since = o.ReceivedUtc.AddHours(-24) }, tx, cancellationToken: ct));
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
        return (id, caseNumber);
    }

    public async Task<TrackedObjection?> TrackAsync(string receiptHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(SelectByReceipt, new { receiptHash }, cancellationToken: ct));
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
        c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectCaseByReceipt, new { receiptHash }, tx, cancellationToken: ct));

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

    // The case row with the titles /track shows beside it.
    private sealed record TrackRow : ObjectionRow
    {
        public string AnnouncementTitle { get; init; } = "";
        public string? EntrySubject { get; init; }
    }
}
