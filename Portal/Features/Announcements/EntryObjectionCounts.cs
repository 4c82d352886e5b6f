namespace Portal.Features.Announcements;

// EntryId WholeAnnouncement (0, which no entry has) counts the objections against the announcement as a whole.
public sealed record EntryObjectionCounts(long EntryId, int Open, int Upheld, int NotUpheld)
{
    public const long WholeAnnouncement = 0;
}

// How many objections each entry of an announcement has drawn, by outcome: the public page shows them beside the entries.
// Review answers it; Announcements only asks.
public interface IEntryObjectionCounts
{
    Task<IReadOnlyDictionary<long, EntryObjectionCounts>> CountsByEntryAsync(long announcementId, CancellationToken ct = default);
}
