using System.ComponentModel.DataAnnotations;
using Portal.Infrastructure;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Features.Calendar;

namespace Portal.Features.Announcements;

public sealed class AnnouncementOptions
{
    public const string Section = "Announcements";

    // The poverty line a household must reach to exit, in yuan of per-capita net income per person and year
    // (Announcements:IncomeLine). 4,000 is above the national line of 2020 (about 4,000 yuan at that year's prices).
    [Range(typeof(decimal), "0", "1000000")]
    public decimal IncomeLine { get; set; } = 4000m;
}

// What staff may do to an announcement from its editor.
public enum AnnouncementAction
{
    EditEntries,
    Publish,
    Withdraw,
    Finalize,
    Advance,
    Revise,
}

// What may happen to an announcement, and who may do it (SPEC §2 Announcements, §3 Roles), as the kind's procedure
// says: its stages, who publishes each, their minimum periods. Pure: the store asks before it writes, the pages ask to
// decide which actions to offer; the working-day calendar comes in as a snapshot.
public sealed class AnnouncementRules(AnnouncementOptions options, ProcedureCatalog procedures)
{
    public AnnouncementRules(AnnouncementOptions options) : this(options, ProcedureCatalog.Defaults) { }

    public AnnouncementRules(Microsoft.Extensions.Options.IOptions<AnnouncementOptions> options, ProcedureCatalog procedures) : this(options.Value, procedures) { }

    public ProcedureCatalog Procedures => procedures;

    // The stage's minimum period, or null for a check without publicity.
    public MinimumPeriod? MinimumPeriod(Announcement a) => procedures.StageOf(a).MinimumPeriod;

    public AnnouncementStage? NextStage(AnnouncementKind kind, AnnouncementStage stage) => procedures.For(kind).After(stage)?.Level;

    // A published announcement is closed from 24:00 of its end date, whether or not the closer has run yet.
    public static AnnouncementStatus EffectiveStatus(Announcement a, DateTimeOffset now) =>
        a.Status == AnnouncementStatus.Published && a.Period is { } p && now >= p.EndsAt ? AnnouncementStatus.Closed : a.Status;

    // Whether the public may see it: it was posted once. A draft never was, nor a check without publicity, which is
    // finalized from its draft; so neither is on a public page, in the API, the CSV, the feed or a notice.
    public static bool IsPublic(Announcement a) => a.PublishedUtc is not null;

    public static bool IsOpenForObjections(Announcement a, DateTimeOffset now) =>
        a.Status == AnnouncementStatus.Published && a.Period is { } p && p.Contains(now);

    public static bool MayPrepare(StaffRole role) =>
        role is StaffRole.VillageClerk or StaffRole.TownshipReviewer or StaffRole.DistrictReviewer;

    // The stage's PublishedBy (SPEC §3 for the classic kinds: the township's reviewers publish the village and township
    // stages, the district's reviewers the district notice); the region check is beside it in every rule.
    public bool MayPublish(StaffRole role, AnnouncementKind kind, AnnouncementStage stage) => role == Publisher(kind, stage);

    public StaffRole Publisher(AnnouncementKind kind, AnnouncementStage stage) =>
        (procedures.For(kind).Stage(stage) ?? procedures.For(kind).First).PublishedBy;

    public bool MayPublish(StaffActor actor, Announcement a) => MayPublish(actor.Role, a.Kind, a.Stage) && actor.Scope.Contains(a.RegionCode);

    private bool MayPublish(StaffRole role, Announcement a) => MayPublish(role, a.Kind, a.Stage);

    public const int MaximumDropReason = 200;

    public const int MaximumRevisionReason = 200;

    public decimal IncomeLine => options.IncomeLine;

    // SPEC §2, Exit: a household leaves poverty only with the "two no-worries, three guarantees" met and its per-capita
    // income at or above the line; an Exit list naming anyone else would announce a false exit.
    public RuleResult CanExit(string subject, decimal? incomePerCapita, bool? assurancesMet)
    {
        if (assurancesMet != true) return RuleResult.Refuse("Announcement.ExitAssurancesNotMet", subject);
        if (incomePerCapita is not { } income || income < options.IncomeLine)
        {
            return RuleResult.Refuse("Announcement.ExitIncomeBelowLine", subject, incomePerCapita ?? 0m, options.IncomeLine);
        }
        return RuleResult.Allowed;
    }

    // What a list may name: for Exit only households that meet the exit rules (withdrawn lines are no longer listed).
    public RuleResult CanList(AnnouncementKind kind, IEnumerable<AnnouncementEntry> entries) =>
        entries.Where(e => !e.Withdrawn).Select(e => CanListOne(kind, e.Subject, e.IncomePerCapita, e.AssurancesMet)).FirstOrDefault(r => !r.IsAllowed)
        ?? RuleResult.Allowed;

    public RuleResult CanListOne(AnnouncementKind kind, string subject, decimal? incomePerCapita, bool? assurancesMet) =>
        kind == AnnouncementKind.Exit ? CanExit(subject, incomePerCapita, assurancesMet) : RuleResult.Allowed;

    // A correction says why, in one line, so the public reads it beside the difference.
    public static RuleResult CanGiveRevisionReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return RuleResult.Refuse("Announcement.RevisionReasonRequired");
        if (trimmed.Length > MaximumRevisionReason || trimmed.Any(char.IsControl)) return RuleResult.Refuse("Announcement.RevisionReasonInvalid", MaximumRevisionReason);
        return RuleResult.Allowed;
    }

    // A stage after the first keeps or drops what the stage before it carried (its entries less the withdrawn ones) and
    // says why it drops each one; it never lists a household or project of its own, nor one an upheld objection withdrew.
    // Drops are keyed by household (or project) id.
    public static RuleResult CanCarryForward(IReadOnlyList<AnnouncementEntry> previousStage, IReadOnlyList<AnnouncementEntry> listed,
        IReadOnlyDictionary<long, StageDrop> drops)
    {
        var previous = previousStage.DistinctBy(e => e.SubjectId).ToDictionary(e => e.SubjectId);
        foreach (var e in listed)
        {
            if (!previous.TryGetValue(e.SubjectId, out var before)) return RuleResult.Refuse("Announcement.NotInPreviousStage", e.Subject);
            var withdrawnBy = before.Withdrawn ? before.WithdrawnReason ?? "" : drops.GetValueOrDefault(e.SubjectId)?.CaseNumber;
            if (withdrawnBy is not null) return RuleResult.Refuse("Announcement.WithdrawnAfterObjection", e.Subject, withdrawnBy);
        }
        var kept = listed.Select(e => e.SubjectId).ToHashSet();
        foreach (var dropped in previousStage.Where(e => !e.Withdrawn && !kept.Contains(e.SubjectId)))
        {
            var drop = drops.GetValueOrDefault(dropped.SubjectId);
            if (drop?.CaseNumber is not null) continue;
            var reason = drop?.Reason?.Trim();
            if (string.IsNullOrEmpty(reason)) return RuleResult.Refuse("Announcement.DropReasonRequired", dropped.Subject);
            if (reason.Length > MaximumDropReason || reason.Any(char.IsControl)) return RuleResult.Refuse("Announcement.DropReasonInvalid", dropped.Subject, MaximumDropReason);
        }
        return RuleResult.Allowed;
    }

    // What a later stage may still list of its previous stage: its entries less those an upheld objection withdrew,
    // there or in an earlier version of the later stage.
    public static IEnumerable<AnnouncementEntry> Carriable(IReadOnlyList<AnnouncementEntry> previousStage, IReadOnlyDictionary<long, StageDrop> drops) =>
        previousStage.Where(e => !e.Withdrawn && drops.GetValueOrDefault(e.SubjectId)?.CaseNumber is null);

    // What a later stage no longer lists of its previous stage, and why.
    public static IReadOnlyList<DroppedEntry> Dropped(IReadOnlyList<AnnouncementEntry> previousStage, IReadOnlyList<AnnouncementEntry> listed,
        IReadOnlyDictionary<long, StageDrop> drops)
    {
        var kept = listed.Select(e => e.SubjectId).ToHashSet();
        return previousStage
            .Where(e => !kept.Contains(e.SubjectId))
            .Select(e => e.Withdrawn
                ? new DroppedEntry(e, e.WithdrawnReason ?? "", null)
                : new DroppedEntry(e, drops.GetValueOrDefault(e.SubjectId)?.CaseNumber, drops.GetValueOrDefault(e.SubjectId)?.Reason))
            .ToList();
    }

    public RuleResult CanCreate(AnnouncementKind kind, string regionCode, StaffActor actor)
    {
        if (!MayPrepare(actor.Role)) return RuleResult.Refuse("Announcement.RoleCannotPrepare");
        if (!actor.Scope.Contains(regionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        if (RegionScope.LevelOf(regionCode) != RegionLevel.Village) return RuleResult.Refuse("Announcement.RegionMustBeVillage");
        return RuleResult.Allowed;
    }

    public RuleResult CanEdit(Announcement a, StaffActor actor)
    {
        if (a.Status != AnnouncementStatus.Draft) return RuleResult.Refuse("Announcement.NotDraft");
        if (!MayPrepare(actor.Role)) return RuleResult.Refuse("Announcement.RoleCannotPrepare");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        return RuleResult.Allowed;
    }

    // Whether the actor may publish this draft at all, before the period and the entries are looked at.
    private RuleResult CanPublishDraft(Announcement a, StaffActor actor)
    {
        if (a.Status != AnnouncementStatus.Draft) return RuleResult.Refuse("Announcement.NotDraft");
        if (!procedures.HasPublicity(a)) return RuleResult.Refuse("Announcement.CheckWithoutPublicity");
        if (!MayPublish(actor.Role, a)) return RuleResult.Refuse("Announcement.RoleCannotPublish");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        return RuleResult.Allowed;
    }

    // The period is checked with the calendar in the stage's unit: WorkingDays.Length(start, end, unit) >= Count.
    public RuleResult CanPublish(Announcement a, Period? period, int entryCount, StaffActor actor, DateTimeOffset now, WorkingDays? calendar = null)
    {
        if (CanPublishDraft(a, actor) is { IsAllowed: false } refused) return refused;
        if (period is null) return RuleResult.Refuse("Announcement.PeriodMissing");
        if (period.End < period.Start) return RuleResult.Refuse("Announcement.PeriodEndsBeforeStart");
        if (period.Start < ShanghaiTime.Today(now)) return RuleResult.Refuse("Announcement.PeriodStartsInPast", period.Start.ToString("yyyy-MM-dd"));
        if (MinimumPeriod(a) is { } minimum)
        {
            var length = (calendar ?? WorkingDays.WeekendsOnly).Length(period.Start, period.End, minimum.Unit);
            if (length < minimum.Count)
            {
                return minimum.Unit == PeriodUnit.CalendarDays
                    ? RuleResult.Refuse("Announcement.PeriodTooShort", minimum.Count, length)
                    : RuleResult.Refuse("Announcement.PeriodTooShortWorkingDays", minimum.Count, length);
            }
        }
        if (entryCount == 0) return RuleResult.Refuse("Announcement.NoEntries");
        return RuleResult.Allowed;
    }

    public RuleResult CanWithdraw(Announcement a, string? reason, StaffActor actor, DateTimeOffset now)
    {
        if (EffectiveStatus(a, now) != AnnouncementStatus.Published) return RuleResult.Refuse("Announcement.NotPublished");
        if (!MayPublish(actor.Role, a)) return RuleResult.Refuse("Announcement.RoleCannotPublish");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        if (string.IsNullOrWhiteSpace(reason)) return RuleResult.Refuse("Announcement.ReasonRequired");
        // Kept in Announcement.StatusReason, 500 characters.
        if (reason.Trim().Length > MaximumWithdrawalReason) return RuleResult.Refuse("Text.TooLong", MaximumWithdrawalReason, reason.Trim().Length);
        return RuleResult.Allowed;
    }

    public const int MaximumWithdrawalReason = 500;

    // A stage with publicity is finalized once its period has closed; a check without publicity is recorded by its
    // publisher at once, from its draft (nothing was posted, so no period and no objection to wait for).
    public RuleResult CanFinalize(Announcement a, int objectionsNotReplied, StaffActor actor, DateTimeOffset now)
    {
        if (!procedures.HasPublicity(a))
        {
            if (a.Status != AnnouncementStatus.Draft) return RuleResult.Refuse("Announcement.NotDraft");
            if (a.EntryCount == 0) return RuleResult.Refuse("Announcement.NoEntries");
        }
        else if (EffectiveStatus(a, now) != AnnouncementStatus.Closed) return RuleResult.Refuse("Announcement.NotClosed");
        if (!MayPublish(actor.Role, a)) return RuleResult.Refuse("Announcement.RoleCannotPublish");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        if (objectionsNotReplied > 0) return RuleResult.Refuse("Announcement.ObjectionsNotReplied", objectionsNotReplied);
        return RuleResult.Allowed;
    }

    public RuleResult CanAdvance(Announcement a, bool nextStageExists, int objectionsNotReplied, StaffActor actor)
    {
        if (a.Status != AnnouncementStatus.Finalized) return RuleResult.Refuse("Announcement.NotFinalized");
        if (NextStage(a.Kind, a.Stage) is not { } next) return RuleResult.Refuse("Announcement.LastStage");
        if (!MayPublish(actor.Role, a) && !MayPublish(actor.Role, a.Kind, next)) return RuleResult.Refuse("Announcement.RoleCannotPublish");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        if (objectionsNotReplied > 0) return RuleResult.Refuse("Announcement.ObjectionsNotReplied", objectionsNotReplied);
        if (nextStageExists) return RuleResult.Refuse("Announcement.AlreadyAdvanced");
        return RuleResult.Allowed;
    }

    public RuleResult CanRevise(Announcement a, bool newerVersionExists, string? reason, StaffActor actor, DateTimeOffset now)
    {
        if (EffectiveStatus(a, now) is not (AnnouncementStatus.Published or AnnouncementStatus.Closed)) return RuleResult.Refuse("Announcement.NotRevisable");
        if (!MayPublish(actor.Role, a)) return RuleResult.Refuse("Announcement.RoleCannotPublish");
        if (!actor.Scope.Contains(a.RegionCode)) return RuleResult.Refuse("Announcement.OutsideRegion");
        if (newerVersionExists) return RuleResult.Refuse("Announcement.NewerVersionExists");
        return CanGiveRevisionReason(reason);
    }

    // Staff see only their own region's announcements.
    public static bool MayView(StaffActor actor, Announcement a) => actor.Scope.Contains(a.RegionCode);

    // What the actor may do to the announcement now, as far as the announcement, the actor and the time decide it. What
    // the actor has yet to give (the period, a reason) and what the store counts when the action is taken (objections
    // not yet replied, a later stage already begun) are checked by the same rules then, so an action offered here can
    // still be refused with its reason.
    public IReadOnlySet<AnnouncementAction> Available(Announcement a, StaffActor actor, DateTimeOffset now)
    {
        const string Reason = "-";
        var available = new HashSet<AnnouncementAction>();
        if (CanEdit(a, actor).IsAllowed) available.Add(AnnouncementAction.EditEntries);
        if (CanPublishDraft(a, actor).IsAllowed) available.Add(AnnouncementAction.Publish);
        if (CanWithdraw(a, Reason, actor, now).IsAllowed) available.Add(AnnouncementAction.Withdraw);
        if (CanFinalize(a, objectionsNotReplied: 0, actor, now).IsAllowed) available.Add(AnnouncementAction.Finalize);
        if (CanAdvance(a, nextStageExists: false, objectionsNotReplied: 0, actor).IsAllowed) available.Add(AnnouncementAction.Advance);
        if (CanRevise(a, newerVersionExists: false, Reason, actor, now).IsAllowed) available.Add(AnnouncementAction.Revise);
        return available;
    }
}
