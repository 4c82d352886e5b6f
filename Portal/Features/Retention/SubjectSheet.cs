using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Features.Announcements;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Reports;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Retention;

public sealed record SubjectRow(string Label, string Value);

// A group of rows under an optional title; Link is where staff open it (an announcement), null on paper.
public sealed record SubjectBlock(string? Title, IReadOnlyList<SubjectRow> Rows, string? Link = null);

// Empty is what the section says when it has no block.
public sealed record SubjectSection(string Key, string Heading, IReadOnlyList<SubjectBlock> Blocks, string Empty, string? Note = null);

// The data-subject view in words, one list of sections that the staff page and the PDF both lay out, so that the copy
// a household is given says what the page says. For export, free text is masked (FreeTextMask) as it is wherever it
// leaves the staff system; the ID and phone numbers are masked on both.
public static class SubjectSheet
{
    public static IReadOnlyList<SubjectSection> Compose(IStringLocalizer L, ProcedureCatalog procedures, RetentionOptions retention,
        HouseholdSubject s, DateTimeOffset now, bool export)
    {
        string Text(string? text) => (export ? FreeTextMask.Mask(text) : text) ?? "";
        var h = s.Household;
        return
        [
            new("record", L["Subject.Record"], [new(null, Record(L, h))], "", L["Subject.IdNumberNote"]),
            new("history", L["Assistance.History"],
                s.StatusChanges.Count == 0 ? [] : [new(null, s.StatusChanges.Select(c => new SubjectRow(ShanghaiTime.FormatDate(c.ChangedUtc),
                    $"{L.Enum(c.FromStatus)} → {L.Enum(c.ToStatus)} · {Text(c.AnnouncementTitle)}")).ToList())],
                L["Assistance.NoHistory"]),
            new("monitoring", L["Monitoring.Heading"], s.Monitoring.Select(m => new SubjectBlock(L.Enum(m.Type),
            [
                new(L["Monitoring.Status"], L.Enum(m.Status)),
                new(L["Monitoring.FirstClueDate"], Date(m.FirstClueDate)),
                new(L["Subject.IncludedDate"], Date(m.IncludedDate)),
                new(L["Subject.EliminatedDate"], Date(m.EliminatedDate)),
                new(L["Subject.Risk"], m.Risk.Length == 0 ? L["Subject.RiskWithheld"] : Text(m.Risk)),
            ])).ToList(), L["Monitoring.NoCases"]),
            new("measures", L["Subject.Measures"],
                s.Measures.Count == 0 ? [] : [new(null, s.Measures.Select(m => new SubjectRow(L.Enum(m.Kind), string.Join(" · ",
                    new[] { m.Cadre, m.Funds.ToString("N0", CultureInfo.InvariantCulture), $"{Date(m.StartDate)} – {Date(m.EndDate)}", L.Enum(m.Status), Text(m.Outcome) }
                        .Where(v => !string.IsNullOrWhiteSpace(v))))).ToList())],
                L["Subject.NoMeasures"]),
            new("publications", L["Subject.Publications"], s.Appearances.Select(a => Appearance(L, procedures, a, now, export)).ToList(),
                L["Subject.NeverPublished"]),
            new("cases", L["Subject.Cases"], Cases(L, s), L["Subject.NoCases"], L["Subject.CasesNote"]),
            new("retention", L["Subject.Retention"], [new(null, [new(L["Subject.IdNumber"], Retention(L, s.IdNumberRetention(retention), retention))])], ""),
        ];
    }

    private static List<SubjectRow> Record(IStringLocalizer L, SubjectRecord h)
    {
        var rows = new List<SubjectRow>
        {
            new(L["Households.Search"], h.HeadName),
            new(L["Subject.Place"], $"{h.TownshipName}{(UiCulture.IsEnglish ? ", " : "")}{h.VillageName}{(UiCulture.IsEnglish ? ", " : "")}{h.GroupName}"),
            new(L["Households.Size"], h.Size.ToString(CultureInfo.InvariantCulture)),
            new(L["Households.Attribute"], L.Enum(h.Attribute)),
            new(L["Households.Cause"], L.Enum(h.Cause)),
            new(L["Households.Status"], L.Enum(h.Status)),
            new(L["Households.IdentifiedYear"], h.IdentifiedYear?.ToString(CultureInfo.InvariantCulture) ?? "—"),
            new(L["Households.ExitYear"], h.ExitYear?.ToString(CultureInfo.InvariantCulture) ?? "—"),
            new(L["Households.Income"], h.IncomePerCapita.ToString("N0", CultureInfo.InvariantCulture)),
            new(L["EntryField.AssurancesMet"], h.AssurancesMet switch { true => L["Value.Yes"], false => L["Value.No"], _ => "—" }),
            new(L["Subject.Recorded"], ShanghaiTime.FormatDate(h.CreatedUtc)),
            new(L["Subject.LeftProgramme"], h.LeftProgrammeUtc is { } left ? ShanghaiTime.FormatDate(left) : "—"),
            new(L["Subject.IdNumber"], h.MaskedIdNumber ?? L["Subject.NotHeld"]),
            new(L["Subject.Phone"], h.MaskedPhone ?? L["Subject.NotHeld"]),
        };
        if (h.FlaggedForNextRound) rows.Add(new(L["Subject.NextRound"], L["Value.Yes"]));
        return rows;
    }

    private static SubjectBlock Appearance(IStringLocalizer L, ProcedureCatalog procedures, SubjectAppearance appearance, DateTimeOffset now, bool export)
    {
        var (a, e) = (appearance.Announcement, appearance.Entry);
        var procedure = procedures.For(a.Kind);
        var end = a.PeriodEnd is { } d ? Date(d) : "—";
        var rows = new List<SubjectRow>
        {
            new(L["Subject.Kind"], L.Enum(a.Kind)),
            new(L["Subject.Stage"], L.StageTitle(procedures, a)),
            new(L["Subject.Version"], a.PreviousVersionId is null ? L["Subject.VersionNumber", a.Version] : L["Subject.CorrectedVersion", a.Version]),
            new(L["Subject.Period"], a.Period is { } p ? $"{Date(p.Start)} – {Date(p.End)}" : "—"),
            new(L["Subject.PublishedOn"], a.PublishedUtc is { } published ? ShanghaiTime.FormatDate(published) : "—"),
            new(L["Subject.Status"], L.Enum(AnnouncementRules.EffectiveStatus(a, now))),
            new(L["Subject.NameOnline"], OnlinePrivacy.NamesMasked(procedure, a, now) ? L["Subject.NameMasked", end] : L["Subject.NameInFull", end]),
        };
        if (e.Withdrawn) rows.Add(new(L["Subject.EntryWithdrawn"], (export ? FreeTextMask.Mask(e.WithdrawnReason) : e.WithdrawnReason) ?? ""));
        foreach (var field in procedure.PublishedFields)
        {
            var label = L.Header(a.Kind, field);
            rows.Add(new(procedure.OnlineFields.Contains(field) ? label : L["Subject.PaperOnly", label], export ? L.Cell(e, field) : L.OriginalCell(e, field)));
        }
        return new((export ? L.Title(a) : L.OriginalTitle(a)) + " · " + L["Subject.VersionNumber", a.Version], rows, export ? null : AnnouncementUrls.Detail(a.Id));
    }

    private static List<SubjectBlock> Cases(IStringLocalizer L, HouseholdSubject s)
    {
        var blocks = new List<SubjectBlock>();
        if (s.Objections.Count > 0)
        {
            blocks.Add(new(L["Subject.ObjectionCount", s.Objections.Count], s.Objections.Select(o => Case(L, o,
                Enum.TryParse<ObjectionCategory>(o.Kind, out var k) ? L.Enum(k) : o.Kind,
                Enum.TryParse<ObjectionState>(o.State, out var st) ? L.Enum(st) : o.State)).ToList()));
        }
        if (s.Reports.Count > 0)
        {
            blocks.Add(new(L["Subject.ReportCount", s.Reports.Count], s.Reports.Select(r => Case(L, r,
                Enum.TryParse<ReportKind>(r.Kind, out var k) ? L.Enum(k) : r.Kind,
                Enum.TryParse<ReportState>(r.State, out var st) ? L.Enum(st) : r.State)).ToList()));
        }
        return blocks;
    }

    private static SubjectRow Case(IStringLocalizer L, SubjectCase c, string kind, string state) =>
        new(c.CaseNumber ?? "—", L["Subject.CaseLine", kind, state, ShanghaiTime.FormatDate(c.ReceivedUtc)]);

    private static string Retention(IStringLocalizer L, SubjectRetention r, RetentionOptions options) => r.State switch
    {
        RetentionState.Purged => L["Household.IdNumberPurged", ShanghaiTime.FormatDate(r.DateUtc!.Value)],
        RetentionState.Due => L["Subject.RetentionDue", ShanghaiTime.FormatDate(r.DateUtc!.Value), options.HouseholdYears],
        RetentionState.HeldForMonitoring => L["Subject.RetentionHeld", ShanghaiTime.FormatDate(r.DateUtc!.Value), options.HouseholdYears],
        _ => L["Subject.RetentionInProgramme", options.HouseholdYears],
    };

    private static string Date(DateOnly? date) => date is { } d ? AnnouncementText.Date(d) : "—";
}
