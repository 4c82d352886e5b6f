namespace Portal.Features.Objections;

// A deadline extension as the complainant reads it on /track and from the track API: which deadline, the new date
// (Asia/Shanghai) and the reason written for them. The review owns the extensions; this is how the objection's own
// track API asks for them without depending on the review.
public sealed record TrackedExtension(string Deadline, DateOnly ExtendedTo, string Reason);

public interface ITrackedExtensions
{
    Task<IReadOnlyList<TrackedExtension>> ForTrackAsync(long objectionId, CancellationToken ct = default);
}
