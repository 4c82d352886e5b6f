using System.ComponentModel.DataAnnotations;
using Portal.Features.Announcements;
using Portal.Features.Calendar;

namespace Portal.Features.Review;

// Section Review:Lanes — each lane's deadlines as a count and a unit (CalendarDays or WorkingDays, counted by the
// working-day calendar), and the name of the district's review office (the queue a second appeal goes to); and how long
// an approved identity reveal lasts (Review:IdentityRevealHours).
// Units bind as text and are checked here, so a mistyped one stops start-up with its key rather than a binder error.
public sealed class ReviewOptions : IValidatableObject
{
    public const string Section = "Review";

    public LaneOptions Lanes { get; set; } = new();

    // Hours from a second inspector's approval during which the asker may look at the complainant's identity.
    [Range(1, 168)]
    public int IdentityRevealHours { get; set; } = 24;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        var key = $"{Section}:Lanes";
        var a = Lanes.Administrative;
        var m = Lanes.Misconduct;
        (string Key, PeriodSetting? Period)[] periods =
        [
            ($"{key}:Administrative:Acceptance", a.Acceptance), ($"{key}:Administrative:Reply", a.Reply),
            ($"{key}:Administrative:FirstAppeal", a.FirstAppeal), ($"{key}:Administrative:SecondAppeal", a.SecondAppeal),
            ($"{key}:Misconduct:Acceptance", m.Acceptance), ($"{key}:Misconduct:AcceptanceNotice", m.AcceptanceNotice),
            ($"{key}:Misconduct:ResultNotice", m.ResultNotice),
        ];
        foreach (var (name, period) in periods)
        {
            if (Problem(name, period) is { } problem)
            {
                yield return new ValidationResult(problem);
                yield break;
            }
        }
    }

    private static string? Problem(string key, PeriodSetting? period) =>
        period is null ? $"{key}:Count is required"
        : period.Count is < 1 or > 365 ? $"{key}:Count must be between 1 and 365"
        : !ProcedureSetting.IsName<PeriodUnit>(period.Unit) ? $"{key}:Unit must be CalendarDays or WorkingDays"
        : null;
}

public sealed class LaneOptions
{
    public AdministrativeLaneOptions Administrative { get; set; } = new();
    public MisconductLaneOptions Misconduct { get; set; } = new();
}

// The government line (PRACTICE.md, Complaints): the law's 15 days to accept and 60 to handle are ceilings; the
// portal answers objections to a list under publicity well before it is finalized, so it keeps shorter ones.
public sealed class AdministrativeLaneOptions
{
    public PeriodSetting Acceptance { get; set; } = Days(5);
    public PeriodSetting Reply { get; set; } = Days(15);

    // The windows to ask for 复查 (after the first reply) and 复核 (after the district's reply): 22 working days,
    // about the 30 days the rules give to ask.
    public PeriodSetting FirstAppeal { get; set; } = Days(22);
    public PeriodSetting SecondAppeal { get; set; } = Days(22);

    // The review office's name as shown (zh-CN and English); empty: the resource's name.
    public string? ReviewOfficeName { get; set; }
    public string? ReviewOfficeNameEn { get; set; }

    internal static PeriodSetting Days(int count) => new() { Count = count, Unit = nameof(PeriodUnit.WorkingDays) };
}

// 《纪检监察机关处理检举控告工作规则》: accept or forward within 5 working days; a named complainant told of acceptance
// within 15 working days of receipt and of the result within 15 working days of closing.
public sealed class MisconductLaneOptions
{
    public PeriodSetting Acceptance { get; set; } = AdministrativeLaneOptions.Days(5);
    public PeriodSetting AcceptanceNotice { get; set; } = AdministrativeLaneOptions.Days(15);
    public PeriodSetting ResultNotice { get; set; } = AdministrativeLaneOptions.Days(15);
}

public static class PeriodSettings
{
    public static PeriodUnit UnitOf(this PeriodSetting period) => Enum.Parse<PeriodUnit>(period.Unit, ignoreCase: true);
}
