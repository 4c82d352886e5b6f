using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Portal.Features.Announcements;

// Lays out the printable A4 notice (公示) with the PDFsharp core API: title and preamble, the entry table
// (header repeated on every page, rows never split), how to object, contacts, QR code, content hash,
// stamp and signature area, and "page x of y" footers.
public static class NoticePdf
{
    public static byte[] Build(NoticeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        NoticeFonts.EnsureRegistered();
        return new Layout(model).Render();
    }

    private enum Align
    {
        Left,
        Center,
        Right,
    }

    private sealed class Layout
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
        private readonly PdfDocument document = new();
        private readonly List<XGraphics> pages = [];
        private readonly XGraphics measure;
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

        private double pageWidth;
        private double pageHeight;
        private XGraphics gfx = null!;
        private double y;
        private bool pageHasContent;

        public Layout(NoticeModel model)
        {
            this.model = model;
            measure = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
            titleStyle = new TextStyle(measure, 18, bold: true, lineSpacing: 1.25);
            issuerStyle = new TextStyle(measure, 9.5, bold: false);
            bodyStyle = new TextStyle(measure, 10.5, bold: false);
            headingStyle = new TextStyle(measure, 11.5, bold: true);
            cellStyle = new TextStyle(measure, 9.5, bold: false);
            cellHeaderStyle = new TextStyle(measure, 9.5, bold: true);
            smallStyle = new TextStyle(measure, 8.5, bold: false);
            hashStyle = new TextStyle(measure, 7.5, bold: false);
            footerStyle = new TextStyle(measure, 9, bold: false);
        }

        private double ContentWidth => pageWidth - (2 * Margin);

        private double ContentBottom => pageHeight - Margin - FooterBand;

        public byte[] Render()
        {
            try
            {
                document.Info.Title = model.Title;
                document.Info.Author = model.Issuer;
                document.Options.CompressContentStreams = true;

                NewPage();
                DrawHead();
                if (model.Rows.Count == 0)
                {
                    DrawEmpty();
                }
                else
                {
                    DrawTable();
                }

                DrawHowToObject();
                DrawContacts();
                DrawVerificationAndSignature();
                DrawFooters();

                foreach (var page in pages)
                {
                    page.Dispose();
                }

                pages.Clear();
                using var stream = new MemoryStream();
                document.Save(stream, false);
                return stream.ToArray();
            }
            finally
            {
                foreach (var page in pages)
                {
                    page.Dispose();
                }

                measure.Dispose();
                document.Dispose();
            }
        }

        private void NewPage()
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            pageWidth = page.Width.Point;
            pageHeight = page.Height.Point;
            gfx = XGraphics.FromPdfPage(page);
            pages.Add(gfx);
            y = Margin;
            pageHasContent = false;
        }

        // Starts a new page unless the block fits, or unless the page is still empty (an oversized block
        // is then drawn anyway instead of producing endless empty pages).
        private void EnsureSpace(double height)
        {
            if (pageHasContent && y + height > ContentBottom)
            {
                NewPage();
            }
        }

        private void DrawHead()
        {
            var width = ContentWidth;
            if (!string.IsNullOrWhiteSpace(model.Issuer))
            {
                DrawLines(Wrap(model.Issuer, issuerStyle, width), issuerStyle, Margin, width, Align.Center, mutedBrush);
                y += 4;
            }

            if (!string.IsNullOrWhiteSpace(model.Title))
            {
                y += 4;
                DrawLines(Wrap(model.Title, titleStyle, width), titleStyle, Margin, width, Align.Center, inkBrush);
                y += 6;
            }

            gfx.DrawLine(rulePen, Margin, y, Margin + width, y);
            y += 8;

            foreach (var line in model.Preamble)
            {
                DrawLines(Wrap(line, bodyStyle, width), bodyStyle, Margin, width, Align.Left, inkBrush);
                y += 1.5;
            }

            y += 8;
            pageHasContent = true;
        }

        private void DrawEmpty()
        {
            var width = ContentWidth;
            var lines = Wrap(model.EmptyText, bodyStyle, width - 24);
            var height = (lines.Count * bodyStyle.LineHeight) + 28;
            EnsureSpace(height);
            gfx.DrawRectangle(gridPen, Margin, y, width, height);
            y += 14;
            DrawLines(lines, bodyStyle, Margin + 12, width - 24, Align.Center, inkBrush);
            y += 14 + 14;
            pageHasContent = true;
        }

        private void DrawTable()
        {
            var widths = ColumnWidths();
            var headerCells = new List<string>[widths.Length];
            var headerLines = 1;
            for (var c = 0; c < widths.Length; c++)
            {
                headerCells[c] = Wrap(model.ColumnHeaders[c], cellHeaderStyle, widths[c] - (2 * CellPadX));
                headerLines = Math.Max(headerLines, headerCells[c].Count);
            }

            var headerHeight = (headerLines * cellHeaderStyle.LineHeight) + (2 * CellPadY);
            var cells = new List<string>[widths.Length];
            var first = true;

            foreach (var row in model.Rows)
            {
                var lines = 1;
                for (var c = 0; c < widths.Length; c++)
                {
                    var text = c < row.Count ? row[c] ?? string.Empty : string.Empty;
                    cells[c] = Wrap(text, cellStyle, widths[c] - (2 * CellPadX));
                    lines = Math.Max(lines, cells[c].Count);
                }

                var rowHeight = (lines * cellStyle.LineHeight) + (2 * CellPadY);
                if (first)
                {
                    EnsureSpace(headerHeight + rowHeight);
                    DrawRow(headerCells, widths, headerHeight, cellHeaderStyle, headerBrush);
                    first = false;
                }
                else if (y + rowHeight > ContentBottom)
                {
                    NewPage();
                    DrawRow(headerCells, widths, headerHeight, cellHeaderStyle, headerBrush);
                }

                DrawRow(cells, widths, rowHeight, cellStyle, fill: null);
            }

            y += 14;
        }

        private void DrawRow(List<string>[] cells, double[] widths, double height, TextStyle style, XBrush? fill)
        {
            var x = Margin;
            for (var c = 0; c < widths.Length; c++)
            {
                var rect = new XRect(x, y, widths[c], height);
                if (fill is not null)
                {
                    gfx.DrawRectangle(fill, rect);
                }

                gfx.DrawRectangle(gridPen, rect);

                var lines = cells[c];
                var textTop = y + ((height - (lines.Count * style.LineHeight)) / 2);
                var innerWidth = widths[c] - (2 * CellPadX);
                for (var i = 0; i < lines.Count; i++)
                {
                    DrawLine(lines[i], style, x + CellPadX, textTop + (i * style.LineHeight), innerWidth, Align.Center, inkBrush);
                }

                x += widths[c];
            }

            y += height;
            pageHasContent = true;
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

        private void DrawHowToObject()
        {
            var width = ContentWidth;
            var indent = 2 * bodyStyle.Size;
            var paragraphs = model.HowToObject.Select(p => Wrap(p, bodyStyle, width, width - indent)).ToList();
            if (string.IsNullOrWhiteSpace(model.HowToObjectHeading) && paragraphs.Count == 0)
            {
                return;
            }

            var firstLines = paragraphs.Count > 0 ? Math.Min(2, paragraphs[0].Count) : 0;
            EnsureSpace(headingStyle.LineHeight + 4 + (firstLines * bodyStyle.LineHeight));
            DrawHeading(model.HowToObjectHeading);
            foreach (var lines in paragraphs)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    EnsureSpace(bodyStyle.LineHeight);
                    var offset = i == 0 ? indent : 0;
                    DrawLine(lines[i], bodyStyle, Margin + offset, y, width - offset, Align.Left, inkBrush);
                    y += bodyStyle.LineHeight;
                    pageHasContent = true;
                }

                y += 3;
            }

            y += 8;
        }

        private void DrawContacts()
        {
            var width = ContentWidth;
            var lines = model.Contacts.Select(c => Wrap(c, bodyStyle, width - 12)).ToList();
            if (string.IsNullOrWhiteSpace(model.ContactsHeading) && lines.Count == 0)
            {
                return;
            }

            var firstLines = lines.Count > 0 ? lines[0].Count : 0;
            EnsureSpace(headingStyle.LineHeight + 4 + (firstLines * bodyStyle.LineHeight));
            DrawHeading(model.ContactsHeading);
            foreach (var contact in lines)
            {
                EnsureSpace(contact.Count * bodyStyle.LineHeight);
                DrawLines(contact, bodyStyle, Margin + 12, width - 12, Align.Left, inkBrush);
                y += 2;
                pageHasContent = true;
            }

            y += 12;
        }

        private void DrawHeading(string heading)
        {
            if (string.IsNullOrWhiteSpace(heading))
            {
                return;
            }

            DrawLines(Wrap(heading, headingStyle, ContentWidth), headingStyle, Margin, ContentWidth, Align.Left, inkBrush);
            y += 4;
            pageHasContent = true;
        }

        // Left column: QR code, caption, URL and content hash. Right column: signature lines, stamp circle
        // and the issuer. Kept together on one page.
        private void DrawVerificationAndSignature()
        {
            const double Gap = 24;
            var leftWidth = Math.Round(ContentWidth * 0.46);
            var rightX = Margin + leftWidth + Gap;
            var rightWidth = ContentWidth - leftWidth - Gap;

            var hasQr = !string.IsNullOrEmpty(model.OnlineUrl);
            var caption = Wrap(model.QrCaption, smallStyle, leftWidth);
            var url = Wrap(model.OnlineUrl, smallStyle, leftWidth);
            var hashLabel = Wrap(model.ContentHashLabel, smallStyle, leftWidth);
            var hash = Balance(Wrap(model.ContentHash, hashStyle, leftWidth), model.ContentHash);
            var leftHeight = (hasQr ? QrSize + 4 : 0)
                + ((caption.Count + url.Count) * smallStyle.LineHeight) + 8
                + (hashLabel.Count * smallStyle.LineHeight) + (hash.Count * hashStyle.LineHeight);

            const double UnderlineLength = 110;
            var signatures = model.SignatureLabels
                .Select(s => Wrap(s, bodyStyle, Math.Max(40, rightWidth - UnderlineLength - 6)))
                .ToList();
            var signatureHeight = signatures.Sum(s => (s.Count * bodyStyle.LineHeight) + 12);
            var issuerLines = Wrap(model.Issuer, bodyStyle, rightWidth);
            var rightHeight = signatureHeight + 8 + StampDiameter + 4 + (issuerLines.Count * bodyStyle.LineHeight);

            EnsureSpace(Math.Max(leftHeight, rightHeight) + 4);
            var top = y;

            // Left column.
            if (hasQr)
            {
                DrawQrCode(model.OnlineUrl, Margin, y, QrSize);
                y += QrSize + 4;
            }

            DrawLines(caption, smallStyle, Margin, leftWidth, Align.Left, inkBrush);
            DrawLines(url, smallStyle, Margin, leftWidth, Align.Left, mutedBrush);
            y += 8;
            DrawLines(hashLabel, smallStyle, Margin, leftWidth, Align.Left, inkBrush);
            DrawLines(hash, hashStyle, Margin, leftWidth, Align.Left, mutedBrush);
            var leftBottom = y;

            // Right column.
            y = top + 6;
            var rightEdge = Margin + ContentWidth;
            foreach (var label in signatures)
            {
                DrawLines(label, bodyStyle, rightX, rightWidth, Align.Left, inkBrush);
                var lastWidth = label.Count > 0 ? bodyStyle.Measure(label[^1]) : 0;
                var lineStart = rightX + lastWidth + 4;
                gfx.DrawLine(rulePen, lineStart, y - 2, rightEdge, y - 2);    // blank line to sign on
                y += 12;
            }

            y += 8;
            var issuerWidth = issuerLines.Count == 0 ? 0 : issuerLines.Max(bodyStyle.Measure);
            var stampCenterX = rightEdge - (Math.Max(issuerWidth, StampDiameter) / 2);
            var stampRect = new XRect(stampCenterX - (StampDiameter / 2), y, StampDiameter, StampDiameter);
            gfx.DrawEllipse(stampPen, stampRect);
            if (!string.IsNullOrEmpty(model.StampLabel))
            {
                var stampLines = Wrap(model.StampLabel, smallStyle, StampDiameter - 20);
                var saved = y;
                y = stampRect.Top + ((StampDiameter - (stampLines.Count * smallStyle.LineHeight)) / 2);
                DrawLines(stampLines, smallStyle, stampRect.Left + 10, StampDiameter - 20, Align.Center, mutedBrush);
                y = saved;
            }

            y += StampDiameter + 4;
            DrawLines(issuerLines, bodyStyle, rightX, rightWidth, Align.Right, inkBrush);

            y = Math.Max(y, leftBottom) + 4;
            pageHasContent = true;
        }

        private void DrawQrCode(string text, double x, double top, double size)
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            var matrix = data.ModuleMatrix;            // includes the white quiet zone around the symbol
            var count = matrix.Count;
            var module = size / count;
            var quiet = 0;
            while (quiet < count && !HasDarkModule(matrix[quiet]))
            {
                quiet++;
            }

            x -= quiet * module;                        // align the symbol itself with the text column; the quiet zone lies in the page margin
            var black = XBrushes.Black;
            for (var r = 0; r < count; r++)
            {
                var bits = matrix[r];
                var c = 0;
                while (c < count)
                {
                    if (!bits[c])
                    {
                        c++;
                        continue;
                    }

                    var start = c;
                    while (c < count && bits[c])
                    {
                        c++;
                    }

                    // Slight overlap avoids hairline gaps between adjacent modules in some viewers.
                    gfx.DrawRectangle(black, x + (start * module), top + (r * module), ((c - start) * module) + 0.05, module + 0.05);
                }
            }
        }

        private static bool HasDarkModule(System.Collections.BitArray row)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i])
                {
                    return true;
                }
            }

            return false;
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

        private void DrawFooters()
        {
            var count = pages.Count;
            for (var i = 0; i < count; i++)
            {
                var text = string.Format(CultureInfo.InvariantCulture, model.PageFooterFormat, i + 1, count);
                var top = pageHeight - Margin + 6 - footerStyle.LineHeight;
                var width = footerStyle.Measure(text);
                footerStyle.Draw(pages[i], text, mutedBrush, (pageWidth - width) / 2, top);
            }
        }

        private void DrawLines(List<string> lines, TextStyle style, double x, double width, Align align, XBrush brush)
        {
            foreach (var line in lines)
            {
                DrawLine(line, style, x, y, width, align, brush);
                y += style.LineHeight;
            }

            if (lines.Count > 0)
            {
                pageHasContent = true;
            }
        }

        private void DrawLine(string line, TextStyle style, double x, double top, double width, Align align, XBrush brush)
        {
            if (line.Length == 0)
            {
                return;
            }

            var left = align switch
            {
                Align.Center => x + ((width - style.Measure(line)) / 2),
                Align.Right => x + width - style.Measure(line),
                _ => x,
            };
            style.Draw(gfx, line, brush, left, top);
        }

        private static List<string> Wrap(string? text, TextStyle style, double width) => Wrap(text, style, width, width);

        // Breaks text into lines no wider than width (the first line: firstWidth). Chinese has no spaces, so a
        // line may break before any character; runs of Latin letters/digits prefer breaking at a space, and
        // closing punctuation is not allowed to start a line (it takes the previous character along).
        private static List<string> Wrap(string? text, TextStyle style, double width, double firstWidth)
        {
            var lines = new List<string>(1);
            if (string.IsNullOrEmpty(text))
            {
                return lines;
            }

            var paragraphStart = 0;
            while (paragraphStart <= text.Length)
            {
                var newline = text.IndexOf('\n', paragraphStart);
                var paragraphEnd = newline < 0 ? text.Length : newline;
                WrapParagraph(text, paragraphStart, paragraphEnd, style, width, lines.Count == 0 ? firstWidth : width, lines);
                if (newline < 0)
                {
                    break;
                }

                paragraphStart = newline + 1;
            }

            return lines;
        }

        private static void WrapParagraph(string text, int start, int end, TextStyle style, double width, double firstWidth, List<string> lines)
        {
            while (end > start && text[end - 1] == '\r')
            {
                end--;
            }

            if (end <= start)
            {
                lines.Add(string.Empty);
                return;
            }

            var max = firstWidth;
            var lineStart = start;
            var lineWidth = 0.0;
            var lastSpace = -1;
            var i = start;
            while (i < end)
            {
                var length = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var advance = length == 2 ? style.Width(char.ConvertToUtf32(text[i], text[i + 1])) : style.Width(text[i]);

                if (lineWidth + advance > max && i > lineStart && text[i] != ' ')
                {
                    var breakAt = i;
                    if (IsWordChar(text[i]) && IsWordChar(text[i - 1]) && lastSpace > lineStart)
                    {
                        breakAt = lastSpace + 1;
                    }
                    else if (IsNoLineStart(text[i]) && i - 1 > lineStart && !char.IsLowSurrogate(text[i - 1]))
                    {
                        breakAt = i - 1;
                    }

                    lines.Add(text[lineStart..breakAt].TrimEnd());
                    max = width;
                    lineStart = breakAt;
                    while (lineStart < end && text[lineStart] == ' ')
                    {
                        lineStart++;
                    }

                    if (lineStart > i)
                    {
                        i = lineStart;
                    }

                    lineWidth = style.Measure(text, lineStart, i);
                    lastSpace = text.LastIndexOf(' ', Math.Max(lineStart, i - 1), Math.Max(0, i - lineStart));
                    continue;
                }

                if (text[i] == ' ')
                {
                    lastSpace = i;
                }

                lineWidth += advance;
                i += length;
            }

            if (end > lineStart)
            {
                lines.Add(text[lineStart..end].TrimEnd());
            }
        }

        private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':';

        private static bool IsNoLineStart(char c) =>
            c is '，' or '。' or '、' or '；' or '：' or '？' or '！' or '）' or '》' or '」' or '』' or '】' or '〕'
                or '”' or '’' or '…' or '%' or '％' or ',' or '.' or ';' or ':' or '?' or '!' or ')' or ']' or '}';
    }

    // The CJK font plus, for characters it lacks (Latin letters, digits, some punctuation), the companion Latin
    // font, with cached per-character advance widths. PDFsharp does no kerning, so a run's width is the sum of
    // its characters' widths, and lines are drawn run by run on a common baseline.
    private sealed class TextStyle
    {
        private readonly XGraphics measure;
        private readonly Dictionary<int, double> widths = [];
        private readonly bool hasLatin;
        private readonly XFont latin;

        public TextStyle(XGraphics measure, double size, bool bold, double lineSpacing = 1.0)
        {
            this.measure = measure;
            var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            Font = new XFont(NoticeFonts.FamilyName, size, style, options);
            hasLatin = NoticeFonts.HasLatinFont;
            latin = hasLatin ? new XFont(NoticeFonts.LatinFamilyName, size, style, options) : Font;

            var ascent = Math.Max(Ascent(Font), Ascent(latin));
            var descent = Math.Max(Descent(Font), Descent(latin));
            var natural = ascent + descent;
            LineHeight = Math.Max(natural, size * 1.3) * lineSpacing;
            BaselineOffset = ((LineHeight - natural) / 2) + ascent;
        }

        public XFont Font { get; }

        public double Size => Font.Size;

        public double LineHeight { get; }

        // Distance from the top of a line box to the baseline (glyphs are centred in the line box).
        public double BaselineOffset { get; }

        public double Width(int codePoint)
        {
            if (!widths.TryGetValue(codePoint, out var width))
            {
                if (codePoint is >= 0xD800 and <= 0xDFFF)
                {
                    return 0;   // lone surrogate: nothing drawable
                }

                var mapped = Map(codePoint);
                width = measure.MeasureString(char.ConvertFromUtf32(mapped), UsesLatin(mapped) ? latin : Font).Width;
                widths[codePoint] = width;
            }

            return width;
        }

        public double Measure(string text) => Measure(text, 0, text.Length);

        public double Measure(string text, int start, int end)
        {
            var total = 0.0;
            for (var i = start; i < end; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
                {
                    total += Width(char.ConvertToUtf32(text[i], text[i + 1]));
                    i++;
                }
                else
                {
                    total += Width(text[i]);
                }
            }

            return total;
        }

        // Draws one line with its left edge at x and the top of its line box at top.
        public void Draw(XGraphics gfx, string line, XBrush brush, double x, double top)
        {
            var baseline = top + BaselineOffset;
            var runStart = 0;
            var runLatin = false;
            var i = 0;
            while (i < line.Length)
            {
                var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? 2 : 1;
                var codePoint = length == 2 ? char.ConvertToUtf32(line[i], line[i + 1]) : line[i];
                var isLatin = UsesLatin(Map(codePoint));
                if (i == 0)
                {
                    runLatin = isLatin;
                }
                else if (isLatin != runLatin)
                {
                    x = DrawRun(gfx, line, runStart, i, runLatin, brush, x, baseline);
                    runStart = i;
                    runLatin = isLatin;
                }

                i += length;
            }

            if (line.Length > runStart)
            {
                DrawRun(gfx, line, runStart, line.Length, runLatin, brush, x, baseline);
            }
        }

        private double DrawRun(XGraphics gfx, string line, int start, int end, bool isLatin, XBrush brush, double x, double baseline)
        {
            var text = start == 0 && end == line.Length ? line : line[start..end];
            if (!hasLatin)
            {
                text = MapAll(text);
            }

            gfx.DrawString(text, isLatin ? latin : Font, brush, x, baseline, XStringFormats.BaseLineLeft);
            return x + Measure(line, start, end);
        }

        private bool UsesLatin(int codePoint) => hasLatin && !NoticeFonts.HasCjkGlyph(codePoint);

        // Without a Latin font, ASCII the CJK font lacks is drawn with its full-width form (which it usually has).
        private int Map(int codePoint) =>
            !hasLatin && codePoint is >= 0x21 and <= 0x7E && !NoticeFonts.HasCjkGlyph(codePoint) && NoticeFonts.HasCjkGlyph(codePoint + 0xFEE0)
                ? codePoint + 0xFEE0
                : codePoint;

        private string MapAll(string text)
        {
            var changed = false;
            foreach (var c in text)
            {
                if (Map(c) != c)
                {
                    changed = true;
                    break;
                }
            }

            return changed ? string.Create(text.Length, text, (span, source) =>
            {
                for (var k = 0; k < source.Length; k++)
                {
                    span[k] = (char)Map(source[k]);
                }
            }) : text;
        }

        private static double Ascent(XFont font) => font.Metrics.Ascent * font.Size / font.Metrics.UnitsPerEm;

        private static double Descent(XFont font) => Math.Abs(font.Metrics.Descent) * font.Size / font.Metrics.UnitsPerEm;
    }
}
