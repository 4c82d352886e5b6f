using PdfSharp.Drawing;
using Portal.Infrastructure.Pdf;

namespace Portal.Features.Objections;

// Lays out the printable A4 objection receipt (异议受理回执): issuer and title, a ruled list of facts, the framed
// receipt number with its warning, how to track the objection, a QR code of the tracking URL and a footer line.
// Normally one page; content that does not fit continues on further pages (a very long fact value is split
// between pages line by line).
public static class ReceiptPdf
{
    public static byte[] Build(ReceiptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        PdfFonts.EnsureRegistered();
        using var layout = new Layout(model);
        return layout.Render();
    }

    private sealed class Layout : IDisposable
    {
        private const double Margin = 50;
        private const double RowPadY = 5.5;
        private const double ColumnGap = 14;
        private const double BoxPadX = 16;
        private const double BoxPadY = 13;
        private const double QrSize = 90;
        private const double KeepTogether = 130;       // a fact row up to this tall is never split between pages

        private static readonly XColor Ink = XColor.FromArgb(20, 20, 20);
        private static readonly XColor Muted = XColor.FromArgb(90, 90, 90);
        private static readonly XColor Rule = XColor.FromArgb(175, 175, 175);
        private static readonly XColor WarningRed = XColor.FromArgb(178, 24, 24);
        private static readonly XColor BoxFill = XColor.FromArgb(247, 247, 247);

        private readonly ReceiptModel model;
        private readonly PdfCanvas canvas = new(Margin, footerBand: 0);
        private readonly XBrush inkBrush = new XSolidBrush(Ink);
        private readonly XBrush mutedBrush = new XSolidBrush(Muted);
        private readonly XBrush warningBrush = new XSolidBrush(WarningRed);
        private readonly XBrush boxBrush = new XSolidBrush(BoxFill);
        private readonly XPen strongPen = new(Ink, 1.0);
        private readonly XPen thinPen = new(Rule, 0.5);
        private readonly XPen boxPen = new(Ink, 1.5);
        private readonly XPen boxInnerPen = new(Ink, 0.5);

        private readonly TextStyle issuerStyle;
        private readonly TextStyle titleStyle;
        private readonly TextStyle labelStyle;
        private readonly TextStyle valueStyle;
        private readonly TextStyle boxLabelStyle;
        private readonly TextStyle receiptStyle;
        private readonly TextStyle warningStyle;
        private readonly TextStyle headingStyle;
        private readonly TextStyle bodyStyle;
        private readonly TextStyle smallStyle;
        private readonly TextStyle footerStyle;

        private List<string> footerLines = [];

        public Layout(ReceiptModel model)
        {
            this.model = model;
            issuerStyle = canvas.Style(10, bold: false);
            titleStyle = canvas.Style(21, bold: true, lineSpacing: 1.2);
            labelStyle = canvas.Style(10.5, bold: false);
            valueStyle = canvas.Style(10.5, bold: false);
            boxLabelStyle = canvas.Style(11.5, bold: true);
            receiptStyle = canvas.Style(27, bold: true);
            warningStyle = canvas.Style(10.5, bold: true);
            headingStyle = canvas.Style(12, bold: true);
            bodyStyle = canvas.Style(10.5, bold: false);
            smallStyle = canvas.Style(8.5, bold: false);
            footerStyle = canvas.Style(9, bold: false);
        }

        private double Left => canvas.Margin;

        private double ContentWidth => canvas.ContentWidth;

        public byte[] Render()
        {
            canvas.Begin(model.Title, model.Issuer);
            footerLines = footerStyle.Wrap(model.Footer, ContentWidth);
            canvas.FooterBand = footerLines.Count == 0 ? 0 : (footerLines.Count * footerStyle.LineHeight) + 14;

            DrawHead();
            DrawFacts();
            DrawReceipt();
            DrawHowToTrack();
            DrawQrCode();
            DrawFooters();
            return canvas.Save();
        }

        public void Dispose() => canvas.Dispose();

        private void DrawHead()
        {
            if (canvas.DrawCentred(model.Issuer, issuerStyle, mutedBrush)) canvas.Y += 8;
            if (canvas.DrawCentred(model.Title, titleStyle, inkBrush)) canvas.Y += 16;

            canvas.PageHasContent = true;
        }

        // Label column as wide as the widest label (within limits); values wrap in the rest. Strong rules above
        // and below the list, thin rules between rows. A short row that does not fit the rest of the page moves
        // to the next page; a taller row is split between pages (never leaving a single line at the foot of a page).
        private void DrawFacts()
        {
            var facts = model.Facts ?? [];
            if (facts.Count == 0)
            {
                return;
            }

            var widest = facts.Max(f => labelStyle.Measure(f.Label ?? string.Empty));
            var labelWidth = Math.Clamp(Math.Ceiling(widest) + 2, 48, ContentWidth * 0.32);
            var valueX = Left + labelWidth + ColumnGap;
            var valueWidth = Left + ContentWidth - valueX;
            var right = Left + ContentWidth;
            var lineHeight = Math.Max(labelStyle.LineHeight, valueStyle.LineHeight);
            var ruleOnTop = true;

            foreach (var (label, value) in facts)
            {
                var labelLines = labelStyle.Wrap(label, labelWidth);
                var valueLines = valueStyle.Wrap(value, valueWidth);
                var lineCount = Math.Max(1, Math.Max(labelLines.Count, valueLines.Count));
                var rowHeight = (lineCount * lineHeight) + (2 * RowPadY);
                if (canvas.PageHasContent && rowHeight <= KeepTogether && canvas.Y + rowHeight > canvas.ContentBottom)
                {
                    canvas.NewPage();
                    ruleOnTop = true;
                }

                var first = 0;
                while (first < lineCount)
                {
                    var fit = (int)Math.Floor((canvas.ContentBottom - canvas.Y - (2 * RowPadY)) / lineHeight);
                    if (fit < Math.Min(2, lineCount - first) && canvas.PageHasContent)
                    {
                        canvas.NewPage();
                        ruleOnTop = true;
                        continue;
                    }

                    var take = Math.Min(Math.Max(1, fit), lineCount - first);
                    if (ruleOnTop)
                    {
                        canvas.Gfx.DrawLine(strongPen, Left, canvas.Y, right, canvas.Y);
                        ruleOnTop = false;
                    }

                    // Label lines first, then value lines, so each reads as one run of text.
                    var top = canvas.Y + RowPadY;
                    for (var i = first; i < first + take && i < labelLines.Count; i++)
                    {
                        canvas.DrawLine(labelLines[i], labelStyle, Left, top + ((i - first) * lineHeight), labelWidth, TextAlign.Left, mutedBrush);
                    }

                    for (var i = first; i < first + take && i < valueLines.Count; i++)
                    {
                        canvas.DrawLine(valueLines[i], valueStyle, valueX, top + ((i - first) * lineHeight), valueWidth, TextAlign.Left, inkBrush);
                    }

                    canvas.Y += (take * lineHeight) + (2 * RowPadY);
                    canvas.Gfx.DrawLine(thinPen, Left, canvas.Y, right, canvas.Y);
                    canvas.PageHasContent = true;
                    first += take;
                    if (first < lineCount)
                    {
                        canvas.Gfx.DrawLine(strongPen, Left, canvas.Y, right, canvas.Y);
                        canvas.NewPage();
                        ruleOnTop = true;
                    }
                }
            }

            canvas.Gfx.DrawLine(strongPen, Left, canvas.Y, right, canvas.Y);
            canvas.Y += 20;
        }

        // The framed box with the receipt label and the receipt digits (letter-spaced, in groups), then the warning.
        private void DrawReceipt()
        {
            var innerWidth = ContentWidth - (2 * BoxPadX);
            var labelLines = boxLabelStyle.Wrap(model.ReceiptLabel, innerWidth);
            var receipt = model.Receipt ?? string.Empty;
            var groups = receipt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var tracking = receiptStyle.Size * 0.1;
            var groupGap = receiptStyle.Size * 0.75;
            var spacedWidth = SpacedWidth(groups, tracking, groupGap);
            var fallback = spacedWidth > innerWidth ? receiptStyle.Wrap(receipt, innerWidth) : null;
            var receiptLines = fallback?.Count ?? (groups.Length > 0 ? 1 : 0);
            var labelGap = labelLines.Count > 0 && receiptLines > 0 ? 6 : 0;
            var boxHeight = BoxPadY + (labelLines.Count * boxLabelStyle.LineHeight) + labelGap
                + (receiptLines * receiptStyle.LineHeight) + BoxPadY;
            var warningLines = warningStyle.Wrap(model.Warning, ContentWidth - 20);
            var warningHeight = warningLines.Count == 0 ? 0 : 8 + (warningLines.Count * warningStyle.LineHeight);

            canvas.EnsureSpace(boxHeight + warningHeight);
            var box = new XRect(Left, canvas.Y, ContentWidth, boxHeight);
            canvas.Gfx.DrawRectangle(boxBrush, box);
            canvas.Gfx.DrawRectangle(boxPen, box);
            canvas.Gfx.DrawRectangle(boxInnerPen, box.X + 3, box.Y + 3, box.Width - 6, box.Height - 6);

            canvas.Y += BoxPadY;
            canvas.DrawLines(labelLines, boxLabelStyle, Left + BoxPadX, innerWidth, TextAlign.Center, inkBrush);
            canvas.Y += labelGap;
            if (fallback is not null)
            {
                canvas.DrawLines(fallback, receiptStyle, Left + BoxPadX, innerWidth, TextAlign.Center, inkBrush);
            }
            else if (groups.Length > 0)
            {
                DrawSpaced(groups, tracking, groupGap, Left + BoxPadX + ((innerWidth - spacedWidth) / 2), canvas.Y);
                canvas.Y += receiptStyle.LineHeight;
            }

            canvas.Y = box.Bottom;
            if (warningLines.Count > 0)
            {
                canvas.Y += 8;
                canvas.DrawLines(warningLines, warningStyle, Left + 10, ContentWidth - 20, TextAlign.Center, warningBrush);
            }

            canvas.PageHasContent = true;
            canvas.Y += 20;
        }

        private double SpacedWidth(string[] groups, double tracking, double groupGap)
        {
            var width = 0.0;
            for (var g = 0; g < groups.Length; g++)
            {
                var runes = 0;
                foreach (var rune in groups[g].EnumerateRunes())
                {
                    width += receiptStyle.Width(rune.Value);
                    runes++;
                }

                width += Math.Max(0, runes - 1) * tracking;
                if (g > 0)
                {
                    width += groupGap;
                }
            }

            return width;
        }

        private void DrawSpaced(string[] groups, double tracking, double groupGap, double x, double top)
        {
            for (var g = 0; g < groups.Length; g++)
            {
                if (g > 0)
                {
                    x += groupGap - tracking;
                }

                foreach (var rune in groups[g].EnumerateRunes())
                {
                    receiptStyle.Draw(canvas.Gfx, rune.ToString(), inkBrush, x, top);
                    x += receiptStyle.Width(rune.Value) + tracking;
                }
            }
        }

        private void DrawHowToTrack()
        {
            var width = ContentWidth;
            var indent = 2 * bodyStyle.Size;
            var paragraphs = (model.HowToTrack ?? []).Select(p => bodyStyle.Wrap(p, width, width - indent)).ToList();
            var heading = headingStyle.Wrap(model.HowToTrackHeading, width);
            if (heading.Count == 0 && paragraphs.Count == 0)
            {
                return;
            }

            var firstLines = paragraphs.Count > 0 ? Math.Min(2, paragraphs[0].Count) : 0;
            canvas.EnsureSpace((heading.Count * headingStyle.LineHeight) + 4 + (firstLines * bodyStyle.LineHeight));
            if (heading.Count > 0)
            {
                canvas.DrawLines(heading, headingStyle, Left, width, TextAlign.Left, inkBrush);
                canvas.Y += 4;
            }

            canvas.DrawParagraphs(paragraphs, bodyStyle, Left, width, indent, inkBrush);

            canvas.Y += 14;
        }

        // The QR code of the tracking URL, centred, with the caption and the URL under it.
        private void DrawQrCode()
        {
            var width = ContentWidth;
            var caption = smallStyle.Wrap(model.QrCaption, width);
            var url = smallStyle.Wrap(model.TrackUrl, width);
            var qr = string.IsNullOrEmpty(model.TrackUrl) ? null : QrSymbol.Create(model.TrackUrl);
            var height = (qr is null ? 0 : QrSize + 6) + ((caption.Count + url.Count) * smallStyle.LineHeight);
            if (height == 0)
            {
                return;
            }

            canvas.EnsureSpace(height);
            if (qr is not null)
            {
                // QrSize is the printed symbol; its white quiet zone lies around it, in the spacing above and beside.
                var size = qr.SizeFor(QrSize);
                var quiet = (size - QrSize) / 2;
                canvas.DrawQrCode(qr, Left + ((width - QrSize) / 2), canvas.Y - quiet, size);
                canvas.Y += QrSize + 6;
            }

            canvas.DrawLines(caption, smallStyle, Left, width, TextAlign.Center, inkBrush);
            canvas.DrawLines(url, smallStyle, Left, width, TextAlign.Center, mutedBrush);
            canvas.PageHasContent = true;
        }

        // The footer line(s) at the bottom of every page, under a thin rule.
        private void DrawFooters()
        {
            if (footerLines.Count == 0)
            {
                return;
            }

            var top = canvas.PageHeight - canvas.Margin - (footerLines.Count * footerStyle.LineHeight);
            var right = Left + ContentWidth;
            foreach (var page in canvas.Pages)
            {
                page.DrawLine(thinPen, Left, top - 6, right, top - 6);
                for (var i = 0; i < footerLines.Count; i++)
                {
                    PdfCanvas.DrawLine(page, footerLines[i], footerStyle, Left, top + (i * footerStyle.LineHeight), ContentWidth, TextAlign.Center, mutedBrush);
                }
            }
        }
    }
}
