using System.Collections;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Portal.Infrastructure.Pdf;

// Shared drawing pieces of the printable PDFs (the announcement notice, the objection receipt), built on the
// PDFsharp core API with the fonts from PdfFonts: A4 portrait pages filled top to bottom by a cursor (Y),
// text styles that mix the CJK font with a Latin fallback, wrapping, aligned lines and QR codes.
internal sealed class PdfCanvas : IDisposable
{
    private readonly List<XGraphics> pages = [];
    private readonly XGraphics measure;

    // footerBand is kept free above the bottom margin for a footer line (see ContentBottom).
    public PdfCanvas(double margin, double footerBand)
    {
        PdfFonts.EnsureRegistered();
        Margin = margin;
        FooterBand = footerBand;
        measure = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
        Document.Options.CompressContentStreams = true;
    }

    public PdfDocument Document { get; } = new();

    public double Margin { get; }

    public double FooterBand { get; set; }

    public double PageWidth { get; private set; }

    public double PageHeight { get; private set; }

    public double ContentWidth => PageWidth - (2 * Margin);

    public double ContentBottom => PageHeight - Margin - FooterBand;

    // The current (last) page.
    public XGraphics Gfx { get; private set; } = null!;

    // Every page so far, for drawing footers once the page count is known.
    public IReadOnlyList<XGraphics> Pages => pages;

    // Top of the next block on the current page.
    public double Y { get; set; }

    // False until something is drawn on the current page (EnsureSpace never leaves an empty page behind).
    public bool PageHasContent { get; set; }

    public TextStyle Style(double size, bool bold, double lineSpacing = 1.0) => new(measure, size, bold, lineSpacing);

    // The first page of a document titled and signed by its issuer (the only metadata the portal writes).
    public void Begin(string title, string author)
    {
        Document.Info.Title = title;
        Document.Info.Author = author;
        NewPage();
    }

    public void NewPage()
    {
        var page = Document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        PageWidth = page.Width.Point;
        PageHeight = page.Height.Point;
        Gfx = XGraphics.FromPdfPage(page);
        pages.Add(Gfx);
        Y = Margin;
        PageHasContent = false;
    }

    // Starts a new page unless the block fits, or unless the page is still empty (an oversized block
    // is then drawn anyway instead of producing endless empty pages).
    public void EnsureSpace(double height)
    {
        if (PageHasContent && Y + height > ContentBottom)
        {
            NewPage();
        }
    }

    // Draws the lines one below the other starting at Y and moves Y below them.
    // A centred heading line (issuer, title) across the content width; false, drawing nothing, when there is no text.
    public bool DrawCentred(string? text, TextStyle style, XBrush brush)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        DrawLines(style.Wrap(text, ContentWidth), style, Margin, ContentWidth, TextAlign.Center, brush);
        return true;
    }

    public void DrawLines(IReadOnlyList<string> lines, TextStyle style, double x, double width, TextAlign align, XBrush brush)
    {
        foreach (var line in lines)
        {
            DrawLine(line, style, x, Y, width, align, brush);
            Y += style.LineHeight;
        }

        if (lines.Count > 0)
        {
            PageHasContent = true;
        }
    }

    // Draws wrapped paragraphs (each first line indented) line by line, so that a page may break between any two
    // lines, with a small gap after each paragraph.
    public void DrawParagraphs(IEnumerable<IReadOnlyList<string>> paragraphs, TextStyle style, double x, double width, double indent, XBrush brush)
    {
        foreach (var lines in paragraphs)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                EnsureSpace(style.LineHeight);
                var offset = i == 0 ? indent : 0;
                DrawLine(lines[i], style, x + offset, Y, width - offset, TextAlign.Left, brush);
                Y += style.LineHeight;
                PageHasContent = true;
            }

            Y += 3;
        }
    }

    public void DrawLine(string line, TextStyle style, double x, double top, double width, TextAlign align, XBrush brush) =>
        DrawLine(Gfx, line, style, x, top, width, align, brush);

    // Draws one line inside [x, x + width] with the top of its line box at top.
    public static void DrawLine(XGraphics gfx, string line, TextStyle style, double x, double top, double width, TextAlign align, XBrush brush)
    {
        if (line.Length == 0)
        {
            return;
        }

        var left = align switch
        {
            TextAlign.Center => x + ((width - style.Measure(line)) / 2),
            TextAlign.Right => x + width - style.Measure(line),
            _ => x,
        };
        style.Draw(gfx, line, brush, left, top);
    }

    public void DrawQrCode(string text, double x, double top, double size) => DrawQrCode(QrSymbol.Create(text), x, top, size);

    // Draws the code into a size x size square at top whose quiet zone reaches left of x, so the symbol itself
    // lines up with a text column starting at x.
    public void DrawQrCode(QrSymbol qr, double x, double top, double size)
    {
        var matrix = qr.Matrix;
        var count = matrix.Count;
        var module = size / count;
        x -= qr.Quiet * module;
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
                Gfx.DrawRectangle(black, x + (start * module), top + (r * module), ((c - start) * module) + 0.05, module + 0.05);
            }
        }

        PageHasContent = true;
    }

    // Disposes the page graphics and returns the saved document. Draw nothing afterwards.
    public byte[] Save()
    {
        DisposePages();
        using var stream = new MemoryStream();
        Document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        DisposePages();
        measure.Dispose();
        Document.Dispose();
    }

    private void DisposePages()
    {
        foreach (var page in pages)
        {
            page.Dispose();
        }

        pages.Clear();
    }
}

internal enum TextAlign
{
    Left,
    Center,
    Right,
}

// A QR code's module matrix (QRCoder, error correction level M) including its white quiet zone.
internal sealed class QrSymbol
{
    private QrSymbol(List<BitArray> matrix)
    {
        Matrix = matrix;
        while (Quiet < matrix.Count && !HasDarkModule(matrix[Quiet]))
        {
            Quiet++;
        }
    }

    public List<BitArray> Matrix { get; }

    // Modules of quiet zone on each side.
    public int Quiet { get; }

    public static QrSymbol Create(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new QrSymbol(data.ModuleMatrix);
    }

    // The size to pass to DrawQrCode for the symbol itself (without the quiet zone) to be symbolSize wide.
    public double SizeFor(double symbolSize) => Matrix.Count > 2 * Quiet ? symbolSize * Matrix.Count / (Matrix.Count - (2 * Quiet)) : symbolSize;

    private static bool HasDarkModule(BitArray row)
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
}

// The CJK font plus, for characters it lacks (Latin letters, digits, some punctuation), the companion Latin
// font, with cached per-character advance widths. PDFsharp does no kerning, so a run's width is the sum of
// its characters' widths, and lines are drawn run by run on a common baseline.
internal sealed class TextStyle
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
        Font = new XFont(PdfFonts.FamilyName, size, style, options);
        hasLatin = PdfFonts.HasLatinFont;
        latin = hasLatin ? new XFont(PdfFonts.LatinFamilyName, size, style, options) : Font;

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

    public List<string> Wrap(string? text, double width) => Wrap(text, width, width);

    // Breaks text into lines no wider than width (the first line: firstWidth). Chinese has no spaces, so a
    // line may break before any character; runs of Latin letters/digits prefer breaking at a space, and
    // closing punctuation is not allowed to start a line (it takes the previous character along).
    // '\n' starts a new line; an empty paragraph gives an empty line.
    public List<string> Wrap(string? text, double width, double firstWidth)
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
            WrapParagraph(text, paragraphStart, paragraphEnd, width, lines.Count == 0 ? firstWidth : width, lines);
            if (newline < 0)
            {
                break;
            }

            paragraphStart = newline + 1;
        }

        return lines;
    }

    private void WrapParagraph(string text, int start, int end, double width, double firstWidth, List<string> lines)
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
            var advance = length == 2 ? Width(char.ConvertToUtf32(text[i], text[i + 1])) : Width(text[i]);

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

                lineWidth = Measure(text, lineStart, i);
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

    private bool UsesLatin(int codePoint) => hasLatin && !PdfFonts.HasCjkGlyph(codePoint);

    // Without a Latin font, ASCII the CJK font lacks is drawn with its full-width form (which it usually has).
    private int Map(int codePoint) =>
        !hasLatin && codePoint is >= 0x21 and <= 0x7E && !PdfFonts.HasCjkGlyph(codePoint) && PdfFonts.HasCjkGlyph(codePoint + 0xFEE0)
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
