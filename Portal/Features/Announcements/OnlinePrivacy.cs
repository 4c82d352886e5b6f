using Portal.Features.Households;
using Portal.Infrastructure;

namespace Portal.Features.Announcements;

// What of a published list goes online (PIPL §28 and PRACTICE.md, Privacy): the least that lets neighbours check it.
//   Least data: a cause that reveals health or disability (因病, 因残) is not published online unless the procedure opts
//     in (PublishHealthCausesOnline); the cell says so. The content hash is taken over this form, so anyone can recompute
//     it from the open data.
//   Names off the web: once a list is no longer open (finalized, superseded or withdrawn) and its period ended more than
//     the procedure's OnlineRetentionDays ago, each head of household shows as surname + ＊＊ (王＊＊); group, size and
//     aggregates stay, and its printable notice is for staff only. The hash stays as published: it verifies against a
//     copy saved while the list was up.
// Staff pages read the stored entries, which keep everything.
public static class OnlinePrivacy
{
    // The stored value of a withheld cause in what the public reads (the API carries it as it is).
    public const string CauseNotOnline = "NotPublishedOnline";

    private const string Hidden = "＊＊";

    // The compound surnames common enough to matter; any other name keeps its first character.
    private static readonly string[] CompoundSurnames =
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "独孤", "端木", "南宫", "西门", "百里", "呼延", "闻人", "澹台", "申屠", "万俟",
    ];

    public static bool IsMonitoring(AnnouncementKind kind) => kind is AnnouncementKind.MonitoringInclusion or AnnouncementKind.RiskElimination;

    public static bool RevealsHealth(string? cause) => cause is nameof(PovertyCause.Illness) or nameof(PovertyCause.Disability);

    // A monitoring procedure never publishes a cause; another one publishes a health cause only when it opts in.
    public static bool CauseOnline(Procedure p, string? cause) =>
        !IsMonitoring(p.Kind) && (p.PublishHealthCausesOnline || !RevealsHealth(cause));

    // The procedure opts in to publishing health causes online (the procedures page warns about it).
    public static bool PublishesHealthOnline(Procedure p) => !IsMonitoring(p.Kind) && p.PublishHealthCausesOnline && p.OnlineFields.Contains(EntryField.Cause);

    public static AnnouncementEntry LeastData(Procedure p, AnnouncementEntry e) =>
        e.Cause is null || CauseOnline(p, e.Cause) ? e : e with { Cause = CauseNotOnline };

    // The day from which the list's names are masked, or null while it may still change (open, closed, a draft) and for
    // lists that name projects rather than people.
    public static DateOnly? NamesMaskedFrom(Procedure p, Announcement a) =>
        AnnouncementFields.IsAboutHouseholds(a.Kind)
        && a.Status is AnnouncementStatus.Finalized or AnnouncementStatus.Superseded or AnnouncementStatus.Withdrawn
        && a.PeriodEnd is { } end
            ? end.AddDays(p.OnlineRetentionDays + 1)
            : null;

    public static bool NamesMasked(Procedure p, Announcement a, DateTimeOffset now) =>
        NamesMaskedFrom(p, a) is { } from && ShanghaiTime.Today(now) >= from;

    // 王小明 → 王＊＊, 欧阳明 → 欧阳＊＊; blanks around the name are not part of it.
    public static string MaskName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) return trimmed;
        var surname = CompoundSurnames.FirstOrDefault(s => trimmed.Length > s.Length && trimmed.StartsWith(s, StringComparison.Ordinal))
            ?? (char.IsSurrogate(trimmed[0]) && trimmed.Length > 1 ? trimmed[..2] : trimmed[..1]);
        return surname + Hidden;
    }

    // The entries as the public reads them (a cadre is an official acting in office: named).
    public static IReadOnlyList<AnnouncementEntry> Online(Procedure p, bool namesMasked, IEnumerable<AnnouncementEntry> entries) =>
        [.. entries.Select(e => LeastData(p, e)).Select(e => namesMasked ? e with { Subject = MaskName(e.Subject) } : e)];

    public static IReadOnlyList<AnnouncementEntry> Online(Procedure p, Announcement a, IEnumerable<AnnouncementEntry> entries, DateTimeOffset now) =>
        Online(p, NamesMasked(p, a, now), entries);

    public static IReadOnlyList<DroppedEntry> Online(Procedure p, Announcement a, IEnumerable<DroppedEntry> dropped, DateTimeOffset now) =>
        [.. dropped.Select(d => d with { Entry = Online(p, a, [d.Entry], now)[0] })];
}
