using Portal.Infrastructure;
using System.Data.Common;
using Dapper;
using Portal.Features.Announcements;
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
    long? HouseholdId = null);

public sealed class ObjectionStore(DbConnectionFactory db, Audit.AuditLog audit)
{
    private readonly string insertObjection = db.Dialect.InsertReturningId("Objection",
        "AnnouncementId, EntryId, HouseholdId, Category, Text, TextHash, Anonymous, IdentityCipher, Channel, EnteredBy, ReceiptHash, State, Queue, QueueRegionCode, LikelyDuplicate, ReceivedUtc",
        "@AnnouncementId, @EntryId, @HouseholdId, @Category, @Text, @TextHash, @Anonymous, @IdentityCipher, @Channel, @EnteredBy, @ReceiptHash, 'Received', @Queue, @QueueRegionCode, @LikelyDuplicate, @ReceivedUtc");

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

    private const string SelectByReceipt = """
        SELECT o.Id, o.CaseNumber, o.AnnouncementId, a.Title AS AnnouncementTitle, e.Subject AS EntrySubject, o.Category, o.Text,
               o.State, o.ReceivedUtc, o.RepliedUtc
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
          LEFT JOIN AnnouncementEntry e ON e.Id = o.EntryId
         WHERE o.ReceiptHash = @receiptHash
        """;

    private const string SelectAnswerable = "SELECT Id, CaseNumber, State FROM Objection WHERE ReceiptHash = @receiptHash";

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

    private const string SelectById = """
        SELECT Id, CaseNumber, AnnouncementId, EntryId, Category, Text, State, Queue, QueueRegionCode, Channel, Anonymous,
               LikelyDuplicate, ReceivedUtc, Concurrency, AssignedTo, Outcome, RepliedUtc, HouseholdId
          FROM Objection
         WHERE Id = @id
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
            LikelyDuplicate = duplicates > 0, o.ReceivedUtc,
        }, tx, cancellationToken: ct));
        var caseNumber = ObjectionRules.CaseNumber(ShanghaiTime.DateOf(o.ReceivedUtc).Year, id);
        await c.ExecuteAsync(new CommandDefinition(SetCaseNumber, new { id, caseNumber }, tx, cancellationToken: ct));
        var eventId = await AddEventAsync(c, tx, id, ObjectionEventKind.Received, ObjectionState.Received, null, o.EnteredBy, o.ReceivedUtc, ct);
        await AddAttachmentsAsync(c, tx, id, eventId, attachments, o.ReceivedUtc, ct);
        // Never the identity, the text or the receipt: what arrived, where it went.
        await audit.AppendAsync(c, tx, "ObjectionReceived", o.EnteredBy, $"objection:{caseNumber}",
            new { announcement = o.AnnouncementId, category = o.Category.ToString(), channel = o.Channel.ToString(), queue = o.Queue.ToString(), attachments = attachments.Count }, ct);
        await tx.CommitAsync(ct);
        return (id, caseNumber);
    }

    public async Task<TrackedObjection?> TrackAsync(string receiptHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(SelectByReceipt, new { receiptHash }, cancellationToken: ct));
        if (row is null) return null;
        var timeline = (await c.QueryAsync<ObjectionEvent>(new CommandDefinition(SelectPublicTimeline, new { id = row.Id }, cancellationToken: ct))).AsList();
        var reply = timeline.LastOrDefault(e => e.Kind == ObjectionEventKind.Reply)?.Text;
        var attachments = (await c.QueryAsync<TrackedAttachment>(new CommandDefinition(SelectPublicAttachments, new { id = row.Id }, cancellationToken: ct))).AsList();
        return new TrackedObjection(row.Id, row.CaseNumber ?? "", row.AnnouncementId, row.AnnouncementTitle, row.EntrySubject, row.Category,
            row.Text, row.State, row.ReceivedUtc, timeline, reply, row.RepliedUtc, attachments);
    }

    // A complainant's answer, found by their receipt: refused when the receipt matches no case, or the case is closed.
    public async Task<RuleResult> AddComplainantMessageAsync(string receiptHash, string text, IReadOnlyList<StoredAttachment> attachments, DateTime nowUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AnswerableRow>(new CommandDefinition(SelectAnswerable, new { receiptHash }, tx, cancellationToken: ct));
        if (row is null) return RuleResult.Refuse("Review.NotFound");
        if (Review.ReviewWorkflow.AnswerProblem(row.State) is { } closed) return closed;
        var eventId = await AddEventAsync(c, tx, row.Id, ObjectionEventKind.MessageFromComplainant, null, text, null, nowUtc, ct);
        await AddAttachmentsAsync(c, tx, row.Id, eventId, attachments, nowUtc, ct);
        await audit.AppendAsync(c, tx, "ObjectionMessageFromComplainant", null, $"objection:{row.CaseNumber}", new { attachments = attachments.Count }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<ObjectionRow?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ObjectionRow>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<StoredAttachment>> AttachmentsAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StoredAttachment>(new CommandDefinition(SelectAttachments, new { id }, cancellationToken: ct))).AsList();
    }

    private async Task<long> AddEventAsync(DbConnection c, DbTransaction tx, long objectionId, ObjectionEventKind kind, ObjectionState? state,
        string? text, string? actor, DateTime nowUtc, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(insertEvent,
            new { ObjectionId = objectionId, Kind = kind.ToString(), State = state?.ToString(), Text = text, Actor = actor, CreatedUtc = nowUtc }, tx, cancellationToken: ct));

    private static async Task AddAttachmentsAsync(DbConnection c, DbTransaction tx, long objectionId, long eventId, IReadOnlyList<StoredAttachment> attachments,
        DateTime nowUtc, CancellationToken ct)
    {
        if (attachments.Count == 0) return;
        await c.ExecuteAsync(new CommandDefinition(InsertAttachment,
            attachments.Select(a => new { ObjectionId = objectionId, EventId = eventId, a.StoredName, a.ContentType, a.SizeBytes, a.OriginalName, CreatedUtc = nowUtc }), tx, cancellationToken: ct));
    }

    private sealed record AnswerableRow
    {
        public long Id { get; init; }
        public string CaseNumber { get; init; } = "";
        public ObjectionState State { get; init; }
    }

    private sealed record TrackRow
    {
        public long Id { get; init; }
        public string? CaseNumber { get; init; }
        public long AnnouncementId { get; init; }
        public string AnnouncementTitle { get; init; } = "";
        public string? EntrySubject { get; init; }
        public ObjectionCategory Category { get; init; }
        public string Text { get; init; } = "";
        public ObjectionState State { get; init; }
        public DateTime ReceivedUtc { get; init; }
        public DateTime? RepliedUtc { get; init; }
    }
}
