using Microsoft.Extensions.Localization;
using Portal.Features.Regions;
using Portal.Resources;

namespace Portal.Features.Announcements;

// Turns a published announcement into the texts of its printable notice, in the current UI language.
public static class NoticeComposer
{
    public static NoticeModel Compose(IStringLocalizer L, ProcedureCatalog procedures, Announcement a, IReadOnlyList<AnnouncementEntry> entries,
        Region? township, Region? district, string onlineUrl)
    {
        var fields = procedures.For(a.Kind).NoticeFields;
        var headers = new List<string> { L["EntryField.Position"] };
        headers.AddRange(fields.Select(f => L.Header(a.Kind, f)));
        var weights = new List<float> { 0.6f };
        weights.AddRange(fields.Select(Weight));
        var rows = entries
            .Where(e => !e.Withdrawn)
            .Select(e => (IReadOnlyList<string>)[e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), .. fields.Select(f => L.Cell(e, f))])
            .ToList();

        var period = a.Period!;
        var (issuer, signature) = a.Stage switch
        {
            AnnouncementStage.VillagePublicity => (L["Notice.IssuerVillage", a.ScopeName(UiCulture.IsEnglish)].Value, L["Notice.SignatureVillage"].Value),
            AnnouncementStage.TownshipPublicity => (L["Notice.IssuerTownship", township?.DisplayName(UiCulture.IsEnglish) ?? a.ParentName].Value, L["Notice.SignatureTownship"].Value),
            _ => (L["Notice.IssuerDistrict"].Value, L["Notice.SignatureDistrict"].Value),
        };
        var contacts = new List<string>();
        if (township?.OfficePhone is { } townshipPhone) contacts.Add(L["Notice.TownshipContact", township.DisplayName(UiCulture.IsEnglish), townshipPhone]);
        if (district?.OfficePhone is { } districtPhone) contacts.Add(L["Notice.DistrictContact", districtPhone]);
        contacts.Add(L["Notice.Hotline"]);

        var (start, end) = (AnnouncementText.Date(period.Start), AnnouncementText.Date(period.End));
        var issuedBy = a.Stage switch
        {
            AnnouncementStage.VillagePublicity => a.ScopeName(UiCulture.IsEnglish),
            AnnouncementStage.TownshipPublicity => township?.DisplayName(UiCulture.IsEnglish) ?? a.ParentName,
            _ => "",
        };
        // The wording of a kind's own procedure where it has one (Notice.Opening<Level>.<Kind>), else the stage's.
        var openingKey = $"Notice.Opening{Level(a.Stage)}";
        var opening = L[$"{openingKey}.{a.Kind}", issuedBy, L.Enum(a.Kind), start, end] is { ResourceNotFound: false } own
            ? own
            : L[openingKey, issuedBy, L.Enum(a.Kind), start, end];
        // A notice no longer in force carries its mark and no invitation to object.
        var (mark, howToObject) = a.Status switch
        {
            AnnouncementStatus.Withdrawn => (L["Notice.MarkWithdrawn"].Value, (IReadOnlyList<string>)[L["Notice.WithdrawnStatement"]]),
            AnnouncementStatus.Superseded => (L["Notice.MarkSuperseded"].Value, [L["Notice.SupersededStatement"]]),
            _ => ((string?)null, [L["Notice.HowToObject1", end, onlineUrl], L["Notice.HowToObject2"]]),
        };

        return new NoticeModel(
            Title: L.Title(a),
            Opening: opening,
            Preamble:
            [
                L["Notice.Scope", a.ScopeName(UiCulture.IsEnglish)],
                L["Notice.KindStage", L.Enum(a.Kind), L.StageTitle(procedures, a)],
                L["Notice.Period", AnnouncementText.Date(period.Start), AnnouncementText.Date(period.End), period.CalendarDays],
                L["Notice.Version", a.Version],
            ],
            ColumnHeaders: headers,
            ColumnWeights: weights,
            Rows: rows,
            EmptyText: L["Notice.Empty"],
            HowToObjectHeading: L["Notice.HowToObjectHeading"],
            HowToObject: howToObject,
            ContactsHeading: L["Notice.ContactsHeading"],
            Contacts: contacts,
            OnlineUrl: onlineUrl,
            QrCaption: L["Notice.QrCaption"],
            ContentHashLabel: L["Notice.HashLabel"],
            ContentHash: a.ContentHash ?? "",
            StampLabel: L["Notice.Stamp"],
            SignatureLabels: [signature, L["Notice.Date"]],
            PageFooterFormat: L["Notice.Footer"],
            Issuer: issuer,
            Mark: mark,
            BlockTitleFormat: fields.Any(AnnouncementFields.IsProse) ? L["Notice.BlockTitle"].Value : null);
    }

    private static string Level(AnnouncementStage stage) => stage switch
    {
        AnnouncementStage.VillagePublicity => "Village",
        AnnouncementStage.TownshipPublicity => "Township",
        _ => "District",
    };

    private static float Weight(EntryField field) => field switch
    {
        EntryField.Subject => 1.4f,
        EntryField.Measures or EntryField.Implementer => 2.2f,
        EntryField.Cause or EntryField.Attribute or EntryField.AssurancesMet => 1.3f,
        EntryField.IncomePerCapita or EntryField.Amount => 1.2f,
        _ => 0.9f,
    };
}
