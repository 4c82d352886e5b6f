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
    ReviewOffice,
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
    IReadOnlyList<TrackedAttachment>? Attachments = null)
{
    // The case as the workflow reads it, for its lane and deadlines (ITrackedLanes); never shown as such.
    public ObjectionRow? Case { get; init; }
}

// An attachment as its sender is told it arrived: its kind and size, never the name it is stored under.
public sealed record TrackedAttachment(string ContentType, long SizeBytes);

public record ObjectionRow
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
    public bool RoutedToDistrict { get; init; }
    public DateTime ReceivedUtc { get; init; }
    public long Concurrency { get; init; }
    public string? AssignedTo { get; init; }
    public string? Outcome { get; init; }
    public DateTime? RepliedUtc { get; init; }
    public long? HouseholdId { get; init; }
    public CaseLane Lane { get; init; }
    public Disposition? Disposition { get; init; }
    public DateTime? AcceptanceToldUtc { get; init; }
    public DateTime? ResultToldUtc { get; init; }
    public DateTime? ClosedUtc { get; init; }

    // When the complainant last appealed: the answer to an appeal is due from then, not from the receipt.
    public DateTime? AppealedUtc { get; init; }

    // When the complainant's identity and the attachments were deleted, Retention:CaseYears after the case closed.
    public DateTime? IdentityPurgedUtc { get; init; }
}

// Where a case stands after a move: what ObjectionStore.UpdateAsync writes over the row.
public sealed record ObjectionChange(ObjectionState State, string? AssignedTo, string? Outcome, DateTime? RepliedUtc, ReviewQueue Queue,
    string QueueRegionCode, bool RoutedToDistrict)
{
    public CaseLane Lane { get; init; }
    public Disposition? Disposition { get; init; }
    public DateTime? AcceptanceToldUtc { get; init; }
    public DateTime? ResultToldUtc { get; init; }
    public DateTime? ClosedUtc { get; init; }
    public DateTime? AppealedUtc { get; init; }

    public static ObjectionChange Of(ObjectionRow c) => new(c.State, c.AssignedTo, c.Outcome, c.RepliedUtc, c.Queue, c.QueueRegionCode, c.RoutedToDistrict)
    {
        Lane = c.Lane, Disposition = c.Disposition, AcceptanceToldUtc = c.AcceptanceToldUtc, ResultToldUtc = c.ResultToldUtc, ClosedUtc = c.ClosedUtc,
        AppealedUtc = c.AppealedUtc,
    };
}

// One line of a case's timeline, to be written; Actor null for the complainant or the portal itself.
public sealed record NewObjectionEvent(ObjectionEventKind Kind, ObjectionState? State = null, string? Text = null, string? Actor = null);
