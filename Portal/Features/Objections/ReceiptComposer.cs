using Microsoft.Extensions.Localization;
using Portal.Features.Announcements;
using Portal.Resources;
using Portal.Infrastructure;

namespace Portal.Features.Objections;

public static class ReceiptComposer
{
    public static ReceiptModel Compose(IStringLocalizer L, TrackedObjection o, Announcement a, string receipt, string trackUrl)
    {
        var facts = new List<(string, string)>
        {
            (L["Receipt.CaseNumber"], o.CaseNumber),
            (L["Receipt.ReceivedAt"], ShanghaiTime.Format(o.ReceivedUtc)),
            (L["Receipt.Announcement"], L.Title(a)),
            (L["Field.category"], L.Enum(o.Category)),
        };
        if (o.EntrySubject is not null) facts.Add((L["Track.Entry"], o.EntrySubject));
        return new ReceiptModel(
            Title: L["Receipt.PdfTitle"],
            Issuer: L["Portal.Title"],
            Facts: facts,
            ReceiptLabel: L["Receipt.Label"],
            Receipt: ObjectionRules.Grouped(receipt),
            Warning: L["Receipt.Warning"],
            HowToTrackHeading: L["Receipt.HowToTrack"],
            HowToTrack: [L["Receipt.HowToTrack1", trackUrl], L["Receipt.HowToTrack2"]],
            TrackUrl: trackUrl,
            QrCaption: L["Receipt.QrCaption"],
            Footer: L["Notice.Hotline"]);
    }
}
