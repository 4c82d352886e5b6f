using System.ComponentModel.DataAnnotations;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Review;

// The two deadlines of a case that may be extended: the acceptance decision and the reply.
public enum CaseDeadline
{
    Acceptance,
    Reply,
}

// How far one extension may move a deadline beyond the date it had (PRACTICE: "+30 with a reason").
public sealed class ExtensionOptions
{
    public const string Section = "Review:Extensions";

    private const string UnitRule = "{0} must be CalendarDays or WorkingDays";

    [Range(1, 365)]
    public int MaxDays { get; set; } = 30;
    [EnumDataType(typeof(PeriodUnit), ErrorMessage = UnitRule)]
    public PeriodUnit Unit { get; set; } = PeriodUnit.WorkingDays;
}

public sealed record DeadlineExtension
{
    public long ObjectionId { get; init; }
    public CaseDeadline Deadline { get; init; }
    public DateOnly ExtendedTo { get; init; }
    public string Reason { get; init; } = "";
    public string Actor { get; init; } = "";
    public DateTime CreatedUtc { get; init; }
}

// A case's extensions, and the one place that turns a computed deadline into the deadline the portal uses: the end
// of the day it was extended to, or the computed one where that is later (or nothing was extended).
public sealed record CaseExtensions(IReadOnlyList<DeadlineExtension> All)
{
    public static readonly CaseExtensions None = new([]);

    public DeadlineExtension? Of(CaseDeadline deadline) => All.FirstOrDefault(e => e.Deadline == deadline);

    // The deadline's last day as extended: the extension's day when it is later than the computed one.
    public DateOnly Effective(CaseDeadline deadline, DateOnly computed) => Of(deadline) is { } e && e.ExtendedTo > computed ? e.ExtendedTo : computed;
}

// Who may extend which deadline, to when, and why. Pure: DeadlineExtensions loads the case and asks.
public sealed class ExtensionRules(ExtensionOptions options, ReviewWorkflow workflow)
{
    public ExtensionRules(Microsoft.Extensions.Options.IOptions<ExtensionOptions> options, ReviewWorkflow workflow) : this(options.Value, workflow) { }

    public const int MaximumReason = 500;

    public ExtensionOptions Options => options;

    // Acceptance is open while the case waits for its acceptance decision, the reply until the case is answered.
    public static bool IsOpen(ObjectionState state, CaseDeadline deadline) =>
        deadline == CaseDeadline.Acceptance ? state == ObjectionState.Received : !ReviewWorkflow.IsReplied(state);

    // Whether this person may extend this deadline at all, before a date and a reason: whoever may act on the case
    // (CaseAuthority: the queue's owner, untied, the holder if someone holds it; never an administrator), an open
    // deadline, not extended before.
    public static RuleResult MayExtend(ObjectionRow c, CaseDeadline deadline, StaffActor actor, Ties ties, CaseExtensions extensions)
    {
        // Extending is acting on the case like a note: recusal's exception (anyone of the queue) does not apply.
        var authority = CaseAuthority.MayAct(c, ReviewAction.Note, actor, ties);
        if (!authority.IsAllowed) return authority;
        if (!IsOpen(c.State, deadline)) return RuleResult.RefuseField("deadline", "Extensions.NotOpen");
        if (extensions.Of(deadline) is not null) return RuleResult.RefuseField("deadline", "Extensions.AlreadyExtended");
        return RuleResult.Allowed;
    }

    // The date the deadline has before any extension: its last day, Asia/Shanghai; none for a deadline the case's lane
    // does not have (a misconduct case is closed by a disposition, not replied to by a date).
    public DateOnly? DueDay(WorkingDays calendar, ObjectionRow c, CaseDeadline deadline) =>
        workflow.Deadlines(calendar, c) is var d && deadline == CaseDeadline.Acceptance ? d.Acceptance : d.Reply;

    // The latest day one extension may reach: MaxDays units after the due day.
    public DateOnly Latest(WorkingDays calendar, DateOnly dueDay) => calendar.Due(dueDay, options.MaxDays, options.Unit);

    public RuleResult Check(WorkingDays calendar, ObjectionRow c, CaseDeadline deadline, StaffActor actor, Ties ties, CaseExtensions extensions,
        DateOnly? extendedTo, string? reason, DateOnly today)
    {
        var may = MayExtend(c, deadline, actor, ties, extensions);
        if (!may.IsAllowed) return may;
        if (string.IsNullOrWhiteSpace(reason)) return RuleResult.RefuseField("reason", "Extensions.ReasonRequired");
        if (reason.Trim().Length > MaximumReason) return RuleResult.RefuseField("reason", "Extensions.ReasonTooLong", MaximumReason);
        if (extendedTo is not { } to) return RuleResult.RefuseField("extendedTo", "Extensions.DateRequired");
        if (DueDay(calendar, c, deadline) is not { } due) return RuleResult.RefuseField("deadline", "Extensions.NotOpen");
        if (to <= due) return RuleResult.RefuseField("extendedTo", "Extensions.NotLater", Day(due));
        if (to < today) return RuleResult.RefuseField("extendedTo", "Extensions.InThePast", Day(today));
        var latest = Latest(calendar, due);
        if (to > latest)
        {
            var rule = options.Unit == PeriodUnit.WorkingDays ? "Extensions.TooFarWorkingDays" : "Extensions.TooFarCalendarDays";
            return RuleResult.RefuseField("extendedTo", rule, options.MaxDays, Day(latest));
        }
        return RuleResult.Allowed;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
