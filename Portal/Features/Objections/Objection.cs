namespace Portal.Features.Objections;

public enum ObjectionCategory
{
    WronglyIncluded,
    WronglyExcluded,
    InaccurateInformation,
    Favouritism,
    MisuseOfFunds,
    FalseExit,
    Other,
}

public enum ObjectionChannel
{
    Web,
    Phone,
    InPerson,
    Letter,
}

public enum ObjectionState
{
    Received,
    Admissible,
    Inadmissible,
    UnderInvestigation,
    Decided,
    Replied,
    Appealed,
    Escalated,
    Closed,
}

public enum ReviewQueue
{
    Township,
    District,
    DisciplineInspection,
}

public enum ObjectionEventKind
{
    Received,
    StateChanged,
    MessageToComplainant,
    MessageFromComplainant,
    Reply,
    InternalNote,
}

public sealed record ComplainantIdentity(string Name, string Phone, string Relation);

// An uploaded file before it is checked: what the person sent, nothing trusted.
public sealed record IncomingFile(string FileName, long Length, Func<Stream> Open);

// What a person (or a clerk for them) submits.
public sealed record ObjectionSubmission(
    long AnnouncementId,
    long? EntryId,
    ObjectionCategory? Category,
    string? Text,
    bool Anonymous,
    string? Name,
    string? Phone,
    string? Relation,
    bool Consent,
    IReadOnlyList<IncomingFile> Attachments,
    ObjectionChannel Channel = ObjectionChannel.Web,
    string? Honeypot = null);

public sealed record FieldError(string Field, string Rule, params object[] Args);

// What the submitter is told. Never whether someone else sent the same text: that mark is for staff alone.
public sealed record SubmittedObjection(long Id, string CaseNumber, string Receipt, ObjectionState State, bool Anonymous);

public sealed record ObjectionEvent
{
    public long Id { get; init; }
    public ObjectionEventKind Kind { get; init; }
    public ObjectionState? State { get; init; }
    public string? Text { get; init; }
    public DateTime CreatedUtc { get; init; }
}

// What the complainant sees with their receipt: never internal notes, never who handles the case.
public sealed record TrackedObjection(
    long Id,
    string CaseNumber,
    long AnnouncementId,
    string AnnouncementTitle,
    string? EntrySubject,
    ObjectionCategory Category,
    string Text,
    ObjectionState State,
    DateTime ReceivedUtc,
    IReadOnlyList<ObjectionEvent> Timeline,
    string? Reply,
    DateTime? RepliedUtc = null,
    IReadOnlyList<TrackedAttachment>? Attachments = null);

// An attachment as its sender is told it arrived: its kind and size, never the name it is stored under.
public sealed record TrackedAttachment(string ContentType, long SizeBytes);

public sealed record ObjectionRow
{
    public long Id { get; init; }
    public string? CaseNumber { get; init; }
    public long AnnouncementId { get; init; }
    public long? EntryId { get; init; }
    public ObjectionCategory Category { get; init; }
    public string Text { get; init; } = "";
    public ObjectionState State { get; init; }
    public ReviewQueue Queue { get; init; }
    public string QueueRegionCode { get; init; } = "";
    public ObjectionChannel Channel { get; init; }
    public bool Anonymous { get; init; }
    public bool LikelyDuplicate { get; init; }
    public DateTime ReceivedUtc { get; init; }
    public long Concurrency { get; init; }
    public string? AssignedTo { get; init; }
    public string? Outcome { get; init; }
    public DateTime? RepliedUtc { get; init; }
    public long? HouseholdId { get; init; }
}
