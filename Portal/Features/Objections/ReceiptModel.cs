namespace Portal.Features.Objections;

// Everything the printable objection receipt shows, already localised and formatted; ReceiptPdf only lays it out.
public sealed record ReceiptModel(
    string Title,                         // e.g. "异议受理回执"
    string Issuer,                        // e.g. "恩阳区扶贫公示监督平台"
    IReadOnlyList<(string Label, string Value)> Facts, // case number, received at, announcement, entry, category, channel
    string ReceiptLabel,                  // e.g. "查询回执号"
    string Receipt,                       // 16 digits in four groups: "1234 5678 9012 3456"
    string Warning,                       // keep it secret and safe; it is shown only once
    string HowToTrackHeading,
    IReadOnlyList<string> HowToTrack,     // paragraphs
    string TrackUrl,                      // encoded in a QR code and printed under it (the receipt is NOT in it)
    string QrCaption,
    string Footer);                       // e.g. "全国扶贫监督举报电话：12317"
