using Microsoft.Extensions.Options;
using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Review;

public enum RevealState
{
    Pending,
    Approved,
    Refused,
}

// One inspector's request to see a named complainant's identity, and the second inspector's decision on it.
public sealed record RevealRequest
{
    public long Id { get; init; }
    public long ObjectionId { get; init; }
    public string Asker { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime AskedUtc { get; init; }
    public RevealState State { get; init; }
    public string? Decider { get; init; }
    public string? DecisionReason { get; init; }
    public DateTime? DecidedUtc { get; init; }
    public DateTime? ExpiresUtc { get; init; }

    // Approved and not yet expired: its asker may look now.
    public bool IsOpenAt(DateTime nowUtc) => State == RevealState.Approved && ExpiresUtc > nowUtc;
}

// Two people to reveal a complainant (issue 16): who may ask, who may decide, who may look and until when. Everyone
// taking part is a discipline inspector who may read the case (CaseAuthority: their scope) and is not tied to it (a
// declared conflict, a recusal, their home village); the decider is never the asker; only the asker looks, and only
// for Review:IdentityRevealHours after the approval. Pure: IdentityReveals loads the facts and asks.
public sealed class IdentityRevealRules(ReviewOptions options)
{
    public IdentityRevealRules(IOptions<ReviewOptions> options) : this(options.Value) { }

    public const int MinimumReason = 4;
    public const int MaximumReason = 500;

    public TimeSpan Lasts => TimeSpan.FromHours(options.IdentityRevealHours);

    public DateTime ExpiresAt(DateTime approvedUtc) => approvedUtc + Lasts;

    // Whether this person takes part in revealing this case's complainant at all.
    public static RuleResult MayTakePart(StaffActor actor, ObjectionRow c, string announcementRegion, Ties ties) =>
        !CaseAuthority.MayReveal(actor) ? RuleResult.Refuse("Review.OnlyInspectorsReveal")
        : !CaseAuthority.MayRead(actor, c, announcementRegion) ? RuleResult.Refuse("Review.NotFound")
        : ties.Rule is { } tie ? RuleResult.Refuse(tie)
        : RuleResult.Allowed;

    // An anonymous objection has no identity to ask for; a second request waits for the first's decision, and an open
    // approval needs no new one.
    public static RuleResult MayAsk(StaffActor actor, ObjectionRow c, string announcementRegion, Ties ties, IEnumerable<RevealRequest> requests,
        DateTime nowUtc)
    {
        var part = MayTakePart(actor, c, announcementRegion, ties);
        if (!part.IsAllowed) return part;
        if (c.Anonymous) return RuleResult.Refuse("Reveal.Anonymous");
        if (c.IdentityPurgedUtc is { } purged) return RuleResult.Refuse("Review.IdentityPurged", ShanghaiTime.FormatDate(purged));
        var mine = requests.Where(r => r.Asker == actor.UserName).ToList();
        if (mine.Any(r => r.State == RevealState.Pending)) return RuleResult.Refuse("Reveal.AlreadyPending");
        if (mine.Any(r => r.IsOpenAt(nowUtc))) return RuleResult.Refuse("Reveal.AlreadyApproved");
        return RuleResult.Allowed;
    }

    // The second person: another inspector, on a request still waiting.
    public static RuleResult MayDecide(StaffActor actor, ObjectionRow c, string announcementRegion, Ties ties, RevealRequest request)
    {
        var part = MayTakePart(actor, c, announcementRegion, ties);
        if (!part.IsAllowed) return part;
        if (request.Asker == actor.UserName) return RuleResult.Refuse("Reveal.OwnRequest");
        if (request.State != RevealState.Pending) return RuleResult.Refuse("Reveal.AlreadyDecided");
        return RuleResult.Allowed;
    }

    // Only the asker, only on an approved request, only until it expires.
    public static RuleResult MayView(StaffActor actor, ObjectionRow c, string announcementRegion, Ties ties, RevealRequest? request, DateTime nowUtc)
    {
        var part = MayTakePart(actor, c, announcementRegion, ties);
        if (!part.IsAllowed) return part;
        if (request is null || request.Asker != actor.UserName) return RuleResult.Refuse("Reveal.NotApproved");
        return request.State switch
        {
            RevealState.Pending => RuleResult.Refuse("Reveal.Pending"),
            RevealState.Refused => RuleResult.Refuse("Reveal.Refused"),
            _ when !request.IsOpenAt(nowUtc) => RuleResult.Refuse("Reveal.Expired"),
            _ => RuleResult.Allowed,
        };
    }

    // The asker's latest request on the case, which decides what they may do next.
    public static RevealRequest? LatestOf(StaffActor actor, IEnumerable<RevealRequest> requests) =>
        requests.Where(r => r.Asker == actor.UserName).MaxBy(r => r.Id);

    // Why one asks and why one decides: written down, between 4 and 500 characters, without control characters.
    public static RuleResult CheckReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return RuleResult.RefuseField("reason", "Reveal.ReasonRequired", MinimumReason, MaximumReason);
        var trimmed = reason.Trim();
        if (trimmed.Length < MinimumReason) return RuleResult.RefuseField("reason", "Reveal.ReasonTooShort", MinimumReason);
        if (trimmed.Length > MaximumReason) return RuleResult.RefuseField("reason", "Reveal.ReasonTooLong", MaximumReason);
        if (trimmed.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'))) return RuleResult.RefuseField("reason", "Reveal.ReasonControl");
        return RuleResult.Allowed;
    }
}
