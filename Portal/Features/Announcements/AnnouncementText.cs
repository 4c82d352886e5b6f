using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Features.Households;
using Portal.Resources;

namespace Portal.Features.Announcements;

// How announcements read to people, in the current UI language: titles, column headers and cell values. Title and Cell
// are what the public reads, with the ID, mobile and bank card numbers in them masked (FreeTextMask); staff pages show
// the stored text with OriginalTitle and OriginalCell.
public static class AnnouncementText
{
    public static string Title(this IStringLocalizer L, Announcement a) => FreeTextMask.Mask(L.OriginalTitle(a));

    public static string OriginalTitle(this IStringLocalizer L, Announcement a) =>
        UiCulture.IsEnglish ? L["Announcement.EnglishTitle", L.Enum(a.Kind), L.Enum(a.Stage), a.ScopeName(true), a.Year] : a.Title;

    // The title of the announcement's stage in its procedure ("村级公示", "乡镇初审" …).
    public static string StageTitle(this IStringLocalizer L, ProcedureCatalog procedures, Announcement a) => L[procedures.StageOf(a).Name];

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Header(this IStringLocalizer L, AnnouncementKind kind, EntryField field) =>
        field == EntryField.Subject && !AnnouncementFields.IsAboutHouseholds(kind) ? L["EntryField.ProjectName"] : L[$"EntryField.{field}"];

    public static string Cell(this IStringLocalizer L, AnnouncementEntry e, EntryField field) => FreeTextMask.Mask(L.OriginalCell(e, field));

    public static string OriginalCell(this IStringLocalizer L, AnnouncementEntry e, EntryField field) => field switch
    {
        EntryField.Attribute when Enum.TryParse<HouseholdAttribute>(e.Attribute, out var a) => L.Enum(a),
        EntryField.Cause when e.Cause == OnlinePrivacy.CauseNotOnline => L["Privacy.CauseNotOnline"],
        EntryField.Cause when Enum.TryParse<PovertyCause>(e.Cause, out var c) => L.Enum(c),
        EntryField.MonitoringType when Enum.TryParse<MonitoringType>(e.MonitoringType, out var t) => L.Enum(t),
        EntryField.Measures => string.Join(UiCulture.IsEnglish ? ", " : "、",
            (e.Measures ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(m => Enum.TryParse<MeasureKind>(m, out var k) ? L.Enum(k) : m)),
        EntryField.AssurancesMet => e.AssurancesMet switch { true => L["Value.Yes"], false => L["Value.No"], _ => "" },
        EntryField.IncomePerCapita => e.IncomePerCapita?.ToString("N0", CultureInfo.InvariantCulture) ?? "",
        EntryField.Amount => e.Amount?.ToString("N0", CultureInfo.InvariantCulture) ?? "",
        _ => AnnouncementFields.Value(e, field) ?? "",
    };
}
