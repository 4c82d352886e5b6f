namespace Portal.Features.Announcements;

// Everything the printable notice shows, already localised and formatted; NoticePdf only lays it out.
public sealed record NoticeModel(
    string Title,
    string Opening,                          // the notice's first paragraph: on what basis, what is published, for how long
    IReadOnlyList<string> Preamble,          // scope, stage, period, version: one line each
    IReadOnlyList<string> ColumnHeaders,
    IReadOnlyList<float> ColumnWeights,      // relative widths, same count as ColumnHeaders
    IReadOnlyList<IReadOnlyList<string>> Rows,
    string EmptyText,                        // shown instead of the table when Rows is empty
    string HowToObjectHeading,
    IReadOnlyList<string> HowToObject,       // paragraphs: how and until when to object
    string ContactsHeading,
    IReadOnlyList<string> Contacts,          // township, district discipline inspection, 12317 hotline
    string OnlineUrl,                        // encoded in the QR code and printed under it
    string QrCaption,
    string ContentHashLabel,
    string ContentHash,
    string StampLabel,                       // e.g. "（盖章）"
    IReadOnlyList<string> SignatureLabels,   // e.g. "村委会负责人（签字）：", "公示日期："
    string PageFooterFormat,                 // composite format with {0} = page number, {1} = page count
    string Issuer,                           // e.g. "恩阳区玉溪镇桂花村村民委员会"
    string? Mark = null,                     // "已撤回" / "已作废" on every page of a notice no longer in force
    string? BlockTitleFormat = null);        // set: each row a block of "header  value" lines instead of a table (lists with
                                             // paragraphs), titled with this format: {0} = first cell, {1} = second header, {2} = second cell
