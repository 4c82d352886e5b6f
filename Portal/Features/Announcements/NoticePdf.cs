using System.Globalization;
using PdfSharp.Drawing;
using Portal.Infrastructure.Pdf;

namespace Portal.Features.Announcements;

// Lays out the printable A4 notice (公示) with the PDFsharp core API: title and preamble, the entry table
// (header repeated on every page, rows never split), how to object, contacts, QR code, content hash,
// stamp and signature area, and "page x of y" footers.
public static class NoticePdf
{
    public static byte[] Build(NoticeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        PdfFonts.EnsureRegistered();
        using var layout = new Layout(model);
        return layout.Render();
    }

    private sealed class Layout : IDisposable
    {
        private const double Margin = 40;
        private const double FooterBand = 22;          // kept free above the bottom margin; the footer sits at its lower edge
        private const double CellPadX = 3.5;
        private const double CellPadY = 3;
        private const double QrSize = 90;
        private const double StampDiameter = 110;

        private static readonly XColor Ink = XColor.FromArgb(20, 20, 20);
        private static readonly XColor Muted = XColor.FromArgb(80, 80, 80);
        private static readonly XColor HeaderFill = XColor.FromArgb(225, 225, 225);

        private readonly NoticeModel model;
        private readonly PdfCanvas canvas = new(Margin, FooterBand);
        private readonly XBrush inkBrush = new XSolidBrush(Ink);
        private readonly XBrush mutedBrush = new XSolidBrush(Muted);
        private readonly XBrush headerBrush = new XSolidBrush(HeaderFill);
        private readonly XPen gridPen = new(Ink, 0.6);
        private readonly XPen rulePen = new(Ink, 0.6);
        private readonly XPen stampPen = new(XColor.FromArgb(150, 150, 150), 0.9) { DashStyle = XDashStyle.Dash };

        private readonly TextStyle titleStyle;
        private readonly TextStyle issuerStyle;
        private readonly TextStyle bodyStyle;
        private readonly TextStyle headingStyle;
        private readonly TextStyle cellStyle;
        private readonly TextStyle cellHeaderStyle;
        private readonly TextStyle smallStyle;
        private readonly TextStyle hashStyle;
        private readonly TextStyle footerStyle;

        public Layout(NoticeModel model)
        {
            this.model = model;
            titleStyle = canvas.Style(18, bold: true, lineSpacing: 1.25);
            issuerStyle = canvas.Style(9.5, bold: false);
            bodyStyle = canvas.Style(10.5, bold: false);
            headingStyle = canvas.Style(11.5, bold: true);
            cellStyle = canvas.Style(9.5, bold: false);
            cellHeaderStyle = canvas.Style(9.5, bold: true);
            smallStyle = canvas.Style(8.5, bold: false);
            hashStyle = canvas.Style(7.5, bold: false);
            footerStyle = canvas.Style(9, bold: false);
        }

        private double ContentWidth => canvas.ContentWidth;

        private double ContentBottom => canvas.ContentBottom;

        public byte[] Render()
        {
            canvas.Begin(model.Title, model.Issuer);
            DrawHead();
            // How to object, the contacts, the QR code, the signatures and the stamp stay together with the end of the
            // list: a stamp on a page of its own certifies nothing, and "the QR code below" must be below.
            var closing = HowToObjectHeight() + ContactsHeight() + VerificationHeight();
            if (model.Rows.Count == 0)
            {
                DrawEmpty();
            }
            else
            {
                DrawTable(closing);
            }

            canvas.EnsureSpace(closing);
            DrawHowToObject();
            DrawContacts();
            DrawVerificationAndSignature();
            DrawMarks();
            DrawFooters();
            return canvas.Save();
        }

        public void Dispose() => canvas.Dispose();

        private void DrawHead()
        {
            var width = ContentWidth;
            if (canvas.DrawCentred(model.Issuer, issuerStyle, mutedBrush)) canvas.Y += 4;
            if (!string.IsNullOrWhiteSpace(model.Title)) canvas.Y += 4;
            if (canvas.DrawCentred(model.Title, titleStyle, inkBrush)) canvas.Y += 6;

            canvas.Gfx.DrawLine(rulePen, Margin, canvas.Y, Margin + width, canvas.Y);
            canvas.Y += 8;

            if (!string.IsNullOrWhiteSpace(model.Opening))
            {
                canvas.DrawParagraphs([bodyStyle.Wrap(model.Opening, width, width - (2 * bodyStyle.Size))], bodyStyle, Margin, width, 2 * bodyStyle.Size, inkBrush);
                canvas.Y += 3;
            }

            foreach (var line in model.Preamble)
            {
                canvas.DrawLines(bodyStyle.Wrap(line, width), bodyStyle, Margin, width, TextAlign.Left, inkBrush);
                canvas.Y += 1.5;
            }

            canvas.Y += 8;
            canvas.PageHasContent = true;
        }

        private void DrawEmpty()
        {
            var width = ContentWidth;
            var lines = bodyStyle.Wrap(model.EmptyText, width - 24);
            var height = (lines.Count * bodyStyle.LineHeight) + 28;
            canvas.EnsureSpace(height);
            canvas.Gfx.DrawRectangle(gridPen, Margin, canvas.Y, width, height);
            canvas.Y += 14;
            canvas.DrawLines(lines, bodyStyle, Margin + 12, width - 24, TextAlign.Center, inkBrush);
            canvas.Y += 14 + 14;
            canvas.PageHasContent = true;
        }

        // The last rows (up to KeptRows) move to the next page with the closing block when the block would not fit
        // beside them.
        private const int KeptRows = 3;

        // One entry as the page lays it out: its height (never split across pages) and how to draw it at Y.
        private sealed record Piece(double Height, Action Draw);

        private void DrawTable(double closing)
        {
            var (header, rows) = model.BlockTitleFormat is { } titleFormat ? (null, Blocks(titleFormat)) : TableRows();
            var headerHeight = header?.Height ?? 0;
            var keptFrom = Math.Max(1, rows.Count - KeptRows);
            var keptHeight = rows.Skip(keptFrom).Sum(r => r.Height) + TableGap + closing;
            for (var i = 0; i < rows.Count; i++)
            {
                var rowHeight = rows[i].Height;
                if (i == 0)
                {
                    canvas.EnsureSpace(headerHeight + rowHeight);
                    header?.Draw();
                }
                else if (canvas.Y + rowHeight > ContentBottom
                    || (i == keptFrom && canvas.Y + keptHeight > ContentBottom && Margin + headerHeight + keptHeight <= ContentBottom))
                {
                    canvas.NewPage();
                    header?.Draw();
                }

                rows[i].Draw();
            }

            canvas.Y += TableGap;
        }

        // The entries as a grid under a header row repeated on every page.
        private (Piece? Header, List<Piece> Rows) TableRows()
        {
            var widths = ColumnWidths();
            var headerCells = new List<string>[widths.Length];
            var headerLines = 1;
            for (var c = 0; c < widths.Length; c++)
            {
                headerCells[c] = cellHeaderStyle.Wrap(model.ColumnHeaders[c], widths[c] - (2 * CellPadX));
                headerLines = Math.Max(headerLines, headerCells[c].Count);
            }

            var headerHeight = (headerLines * cellHeaderStyle.LineHeight) + (2 * CellPadY);
            var rows = model.Rows.Select(row =>
            {
                var cells = new List<string>[widths.Length];
                var lines = 1;
                for (var c = 0; c < widths.Length; c++)
                {
                    cells[c] = cellStyle.Wrap(Cell(row, c), widths[c] - (2 * CellPadX));
                    lines = Math.Max(lines, cells[c].Count);
                }
                var height = (lines * cellStyle.LineHeight) + (2 * CellPadY);
                return new Piece(height, () => DrawRow(cells, widths, height, cellStyle, fill: null));
            }).ToList();
            return (new Piece(headerHeight, () => DrawRow(headerCells, widths, headerHeight, cellHeaderStyle, headerBrush)), rows);
        }

        private const double BlockPad = 6;
        private const double BlockGap = 6;
        private const double LabelGap = 10;

        // Each entry as a framed block: its title ("1. 项目名称：…") in bold, then one "label  value" line per further column with
        // a value, the labels in a column of their own. For lists with paragraphs, which no A4 column could hold.
        private List<Piece> Blocks(string titleFormat)
        {
            var width = ContentWidth - (2 * BlockPad);
            var labelWidth = Math.Min(width * 0.3, model.ColumnHeaders.Skip(2).Select(cellHeaderStyle.Measure).DefaultIfEmpty(0).Max() + LabelGap + 2);
            var valueWidth = width - labelWidth;
            return model.Rows.Select(row =>
            {
                var title = cellHeaderStyle.Wrap(string.Format(CultureInfo.InvariantCulture, titleFormat, Cell(row, 0), model.ColumnHeaders[1], Cell(row, 1)), width);
                var lines = Enumerable.Range(2, Math.Max(0, model.ColumnHeaders.Count - 2))
                    .Where(c => Cell(row, c).Length > 0)
                    .Select(c => (Label: cellHeaderStyle.Wrap(model.ColumnHeaders[c], labelWidth - LabelGap), Value: cellStyle.Wrap(Cell(row, c), valueWidth)))
                    .ToList();
                var height = (2 * BlockPad) + (title.Count * cellHeaderStyle.LineHeight) + 3
                    + lines.Sum(l => (Math.Max(l.Label.Count, l.Value.Count) * cellStyle.LineHeight) + 2);
                return new Piece(height + BlockGap, () =>
                {
                    var top = canvas.Y;
                    canvas.Gfx.DrawRectangle(gridPen, Margin, top, ContentWidth, height);
                    canvas.Y += BlockPad;
                    canvas.DrawLines(title, cellHeaderStyle, Margin + BlockPad, width, TextAlign.Left, inkBrush);
                    canvas.Y += 3;
                    foreach (var (label, value) in lines)
                    {
                        var lineTop = canvas.Y;
                        canvas.DrawLines(label, cellHeaderStyle, Margin + BlockPad, labelWidth - LabelGap, TextAlign.Left, mutedBrush);
                        canvas.Y = lineTop;
                        canvas.DrawLines(value, cellStyle, Margin + BlockPad + labelWidth, valueWidth, TextAlign.Left, inkBrush);
                        canvas.Y = lineTop + (Math.Max(label.Count, value.Count) * cellStyle.LineHeight) + 2;
                    }
                    canvas.Y = top + height + BlockGap;
                    canvas.PageHasContent = true;
                });
            }).ToList();
        }

        private static string Cell(IReadOnlyList<string> row, int c) => c < row.Count ? row[c] ?? string.Empty : string.Empty;

        private const double TableGap = 14;

        private void DrawRow(List<string>[] cells, double[] widths, double height, TextStyle style, XBrush? fill)
        {
            var x = Margin;
            for (var c = 0; c < widths.Length; c++)
            {
                var rect = new XRect(x, canvas.Y, widths[c], height);
                if (fill is not null)
                {
                    canvas.Gfx.DrawRectangle(fill, rect);
                }

                canvas.Gfx.DrawRectangle(gridPen, rect);

                var lines = cells[c];
                var textTop = canvas.Y + ((height - (lines.Count * style.LineHeight)) / 2);
                var innerWidth = widths[c] - (2 * CellPadX);
                for (var i = 0; i < lines.Count; i++)
                {
                    canvas.DrawLine(lines[i], style, x + CellPadX, textTop + (i * style.LineHeight), innerWidth, TextAlign.Center, inkBrush);
                }

                x += widths[c];
            }

            canvas.Y += height;
            canvas.PageHasContent = true;
        }

        private double[] ColumnWidths()
        {
            var count = model.ColumnHeaders.Count;
            var widths = new double[count];
            double total = 0;
            for (var c = 0; c < count; c++)
            {
                var weight = c < model.ColumnWeights.Count ? model.ColumnWeights[c] : 0f;
                widths[c] = weight > 0 && float.IsFinite(weight) ? weight : 0;
                total += widths[c];
            }

            for (var c = 0; c < count; c++)
            {
                widths[c] = total > 0 ? widths[c] / total * ContentWidth : ContentWidth / count;
            }

            return widths;
        }

        private List<List<string>> HowToObjectParagraphs() =>
            model.HowToObject.Select(p => bodyStyle.Wrap(p, ContentWidth, ContentWidth - (2 * bodyStyle.Size))).ToList();

        private double HowToObjectHeight()
        {
            var paragraphs = HowToObjectParagraphs();
            if (string.IsNullOrWhiteSpace(model.HowToObjectHeading) && paragraphs.Count == 0) return 0;
            return HeadingHeight(model.HowToObjectHeading) + paragraphs.Sum(p => (p.Count * bodyStyle.LineHeight) + 3) + 8;
        }

        private void DrawHowToObject()
        {
            var paragraphs = HowToObjectParagraphs();
            if (string.IsNullOrWhiteSpace(model.HowToObjectHeading) && paragraphs.Count == 0)
            {
                return;
            }

            DrawHeading(model.HowToObjectHeading);
            canvas.DrawParagraphs(paragraphs, bodyStyle, Margin, ContentWidth, 2 * bodyStyle.Size, inkBrush);

            canvas.Y += 8;
        }

        private List<List<string>> ContactLines() => model.Contacts.Select(c => bodyStyle.Wrap(c, ContentWidth - 12)).ToList();

        private double ContactsHeight()
        {
            var lines = ContactLines();
            if (string.IsNullOrWhiteSpace(model.ContactsHeading) && lines.Count == 0) return 0;
            return HeadingHeight(model.ContactsHeading) + lines.Sum(l => (l.Count * bodyStyle.LineHeight) + 2) + 12;
        }

        private void DrawContacts()
        {
            var width = ContentWidth;
            var lines = ContactLines();
            if (string.IsNullOrWhiteSpace(model.ContactsHeading) && lines.Count == 0)
            {
                return;
            }

            DrawHeading(model.ContactsHeading);
            foreach (var contact in lines)
            {
                canvas.EnsureSpace(contact.Count * bodyStyle.LineHeight);
                canvas.DrawLines(contact, bodyStyle, Margin + 12, width - 12, TextAlign.Left, inkBrush);
                canvas.Y += 2;
                canvas.PageHasContent = true;
            }

            canvas.Y += 12;
        }

        private double HeadingHeight(string heading) =>
            string.IsNullOrWhiteSpace(heading) ? 0 : (headingStyle.Wrap(heading, ContentWidth).Count * headingStyle.LineHeight) + 4;

        private void DrawHeading(string heading)
        {
            if (string.IsNullOrWhiteSpace(heading))
            {
                return;
            }

            canvas.DrawLines(headingStyle.Wrap(heading, ContentWidth), headingStyle, Margin, ContentWidth, TextAlign.Left, inkBrush);
            canvas.Y += 4;
            canvas.PageHasContent = true;
        }

        private sealed record VerificationBlock(
            bool HasQr, List<string> Caption, List<string> Url, List<string> HashLabel, List<string> Hash,
            List<List<string>> Signatures, List<string> IssuerLines, double LeftWidth, double RightX, double RightWidth, double Height);

        private const double SignatureGap = 24;
        private const double UnderlineLength = 110;

        private VerificationBlock Verification()
        {
            var leftWidth = Math.Round(ContentWidth * 0.46);
            var rightX = Margin + leftWidth + SignatureGap;
            var rightWidth = ContentWidth - leftWidth - SignatureGap;

            var hasQr = !string.IsNullOrEmpty(model.OnlineUrl);
            var caption = smallStyle.Wrap(model.QrCaption, leftWidth);
            var url = smallStyle.Wrap(model.OnlineUrl, leftWidth);
            var hashLabel = smallStyle.Wrap(model.ContentHashLabel, leftWidth);
            var hash = Balance(hashStyle.Wrap(model.ContentHash, leftWidth), model.ContentHash);
            var leftHeight = (hasQr ? QrSize + 4 : 0)
                + ((caption.Count + url.Count) * smallStyle.LineHeight) + 8
                + (hashLabel.Count * smallStyle.LineHeight) + (hash.Count * hashStyle.LineHeight);

            var signatures = model.SignatureLabels
                .Select(s => bodyStyle.Wrap(s, Math.Max(40, rightWidth - UnderlineLength - 6)))
                .ToList();
            var signatureHeight = signatures.Sum(s => (s.Count * bodyStyle.LineHeight) + 12);
            var issuerLines = bodyStyle.Wrap(model.Issuer, rightWidth);
            var rightHeight = signatureHeight + 8 + StampDiameter + 4 + (issuerLines.Count * bodyStyle.LineHeight);
            return new VerificationBlock(hasQr, caption, url, hashLabel, hash, signatures, issuerLines, leftWidth, rightX, rightWidth,
                Math.Max(leftHeight, rightHeight) + 4);
        }

        private double VerificationHeight() => Verification().Height + 4;

        // Left column: QR code, caption, URL and content hash. Right column: signature lines, stamp circle
        // and the issuer. Kept together on one page.
        private void DrawVerificationAndSignature()
        {
            var (hasQr, caption, url, hashLabel, hash, signatures, issuerLines, leftWidth, rightX, rightWidth, height) = Verification();
            canvas.EnsureSpace(height);
            var top = canvas.Y;

            // Left column.
            if (hasQr)
            {
                canvas.DrawQrCode(model.OnlineUrl, Margin, canvas.Y, QrSize);
                canvas.Y += QrSize + 4;
            }

            canvas.DrawLines(caption, smallStyle, Margin, leftWidth, TextAlign.Left, inkBrush);
            canvas.DrawLines(url, smallStyle, Margin, leftWidth, TextAlign.Left, mutedBrush);
            canvas.Y += 8;
            canvas.DrawLines(hashLabel, smallStyle, Margin, leftWidth, TextAlign.Left, inkBrush);
            canvas.DrawLines(hash, hashStyle, Margin, leftWidth, TextAlign.Left, mutedBrush);
            var leftBottom = canvas.Y;

            // Right column.
            canvas.Y = top + 6;
            var rightEdge = Margin + ContentWidth;
            foreach (var label in signatures)
            {
                canvas.DrawLines(label, bodyStyle, rightX, rightWidth, TextAlign.Left, inkBrush);
                var lastWidth = label.Count > 0 ? bodyStyle.Measure(label[^1]) : 0;
                var lineStart = rightX + lastWidth + 4;
                canvas.Gfx.DrawLine(rulePen, lineStart, canvas.Y - 2, rightEdge, canvas.Y - 2);    // blank line to sign on
                canvas.Y += 12;
            }

            canvas.Y += 8;
            var issuerWidth = issuerLines.Count == 0 ? 0 : issuerLines.Max(bodyStyle.Measure);
            var stampCenterX = rightEdge - (Math.Max(issuerWidth, StampDiameter) / 2);
            var stampRect = new XRect(stampCenterX - (StampDiameter / 2), canvas.Y, StampDiameter, StampDiameter);
            canvas.Gfx.DrawEllipse(stampPen, stampRect);
            if (!string.IsNullOrEmpty(model.StampLabel))
            {
                var stampLines = smallStyle.Wrap(model.StampLabel, StampDiameter - 20);
                var saved = canvas.Y;
                canvas.Y = stampRect.Top + ((StampDiameter - (stampLines.Count * smallStyle.LineHeight)) / 2);
                canvas.DrawLines(stampLines, smallStyle, stampRect.Left + 10, StampDiameter - 20, TextAlign.Center, mutedBrush);
                canvas.Y = saved;
            }

            canvas.Y += StampDiameter + 4;
            canvas.DrawLines(issuerLines, bodyStyle, rightX, rightWidth, TextAlign.Right, inkBrush);

            canvas.Y = Math.Max(canvas.Y, leftBottom) + 4;
            canvas.PageHasContent = true;
        }

        // A long unbroken token (the content hash) wrapped into lines of equal length instead of a long line and a stub.
        private static List<string> Balance(List<string> lines, string text)
        {
            if (lines.Count < 2 || text.Any(c => c <= ' ' || c > '~'))
            {
                return lines;
            }

            var perLine = (text.Length + lines.Count - 1) / lines.Count;
            var balanced = new List<string>(lines.Count);
            for (var i = 0; i < text.Length; i += perLine)
            {
                balanced.Add(text.Substring(i, Math.Min(perLine, text.Length - i)));
            }

            return balanced;
        }

        // A notice no longer in force says so at the top of every page, where a passer-by reads first.
        private void DrawMarks()
        {
            if (string.IsNullOrWhiteSpace(model.Mark)) return;
            var style = canvas.Style(20, bold: true);
            var pen = new XPen(MarkColour, 2);
            var brush = new XSolidBrush(MarkColour);
            var width = style.Measure(model.Mark) + 24;
            var height = style.LineHeight + 10;
            foreach (var page in canvas.Pages)
            {
                var left = canvas.PageWidth - Margin - width;
                var top = Margin - height - 4 > 4 ? Margin - height - 4 : 4;
                page.DrawRectangle(pen, left, top, width, height);
                style.Draw(page, model.Mark, brush, left + 12, top + 5);
            }
        }

        private static readonly XColor MarkColour = XColor.FromArgb(180, 20, 20);

        private void DrawFooters()
        {
            var count = canvas.Pages.Count;
            for (var i = 0; i < count; i++)
            {
                var text = string.Format(CultureInfo.InvariantCulture, model.PageFooterFormat, i + 1, count);
                var top = canvas.PageHeight - Margin + 6 - footerStyle.LineHeight;
                var width = footerStyle.Measure(text);
                footerStyle.Draw(canvas.Pages[i], text, mutedBrush, (canvas.PageWidth - width) / 2, top);
            }
        }
    }
}
