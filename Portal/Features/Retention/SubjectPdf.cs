using PdfSharp.Drawing;
using Portal.Infrastructure.Pdf;

namespace Portal.Features.Retention;

// Title and Issuer become the document's metadata, which a file manager or a mail system shows and indexes: neither
// may name the household. Heading is printed on the first page only.
public sealed record SubjectPdfModel(string Title, string Issuer, string Heading, string Intro, IReadOnlyList<SubjectSection> Sections, string Footer);

// The household's copy of its subject view (PIPL §45) on A4: heading, then each section with its blocks as ruled
// label/value rows (a row never split across pages, a block title kept with its first row), and a footer with who
// exported it, when, and the page number on every page.
public static class SubjectPdf
{
    public static byte[] Build(SubjectPdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var layout = new Layout(model);
        return layout.Render();
    }

    private sealed class Layout : IDisposable
    {
        private const double Margin = 44;
        private const double RowPadY = 3.5;
        private const double ColumnGap = 10;

        private readonly SubjectPdfModel model;
        private readonly PdfCanvas canvas = new(Margin, footerBand: 24);
        private readonly XBrush ink = new XSolidBrush(XColor.FromArgb(20, 20, 20));
        private readonly XBrush muted = new XSolidBrush(XColor.FromArgb(85, 85, 85));
        private readonly XPen rule = new(XColor.FromArgb(175, 175, 175), 0.5);
        private readonly XPen strong = new(XColor.FromArgb(20, 20, 20), 0.8);
        private readonly TextStyle headingStyle;
        private readonly TextStyle sectionStyle;
        private readonly TextStyle blockStyle;
        private readonly TextStyle labelStyle;
        private readonly TextStyle valueStyle;
        private readonly TextStyle smallStyle;

        public Layout(SubjectPdfModel model)
        {
            this.model = model;
            headingStyle = canvas.Style(16, bold: true, lineSpacing: 1.2);
            sectionStyle = canvas.Style(12, bold: true);
            blockStyle = canvas.Style(10, bold: true);
            labelStyle = canvas.Style(9.5, bold: false);
            valueStyle = canvas.Style(9.5, bold: false);
            smallStyle = canvas.Style(8.5, bold: false);
        }

        private double Left => canvas.Margin;

        private double Width => canvas.ContentWidth;

        public byte[] Render()
        {
            canvas.Begin(model.Title, model.Issuer);
            if (canvas.DrawCentred(model.Issuer, smallStyle, muted)) canvas.Y += 4;
            if (canvas.DrawCentred(model.Heading, headingStyle, ink)) canvas.Y += 6;
            canvas.Gfx.DrawLine(strong, Left, canvas.Y, Left + Width, canvas.Y);
            canvas.Y += 8;
            canvas.DrawParagraphs([labelStyle.Wrap(model.Intro, Width)], labelStyle, Left, Width, 0, muted);
            canvas.Y += 6;
            foreach (var section in model.Sections) DrawSection(section);
            DrawFooters();
            return canvas.Save();
        }

        public void Dispose() => canvas.Dispose();

        private void DrawSection(SubjectSection section)
        {
            var heading = sectionStyle.Wrap(section.Heading, Width);
            // The heading stays with what follows it.
            canvas.EnsureSpace((heading.Count * sectionStyle.LineHeight) + (3 * valueStyle.LineHeight));
            canvas.Y += 6;
            canvas.DrawLines(heading, sectionStyle, Left, Width, TextAlign.Left, ink);
            canvas.Y += 3;
            if (section.Blocks.Count == 0)
            {
                canvas.DrawLines(valueStyle.Wrap(section.Empty, Width), valueStyle, Left, Width, TextAlign.Left, muted);
            }
            foreach (var block in section.Blocks) DrawBlock(block);
            if (!string.IsNullOrEmpty(section.Note))
            {
                canvas.Y += 2;
                canvas.DrawParagraphs([smallStyle.Wrap(section.Note, Width)], smallStyle, Left, Width, 0, muted);
            }
            canvas.Y += 6;
        }

        private void DrawBlock(SubjectBlock block)
        {
            var labelWidth = Math.Round(Width * 0.3);
            var valueX = Left + labelWidth + ColumnGap;
            var valueWidth = Left + Width - valueX;
            var lineHeight = Math.Max(labelStyle.LineHeight, valueStyle.LineHeight);
            var title = blockStyle.Wrap(block.Title, Width);
            var first = true;
            foreach (var row in block.Rows)
            {
                var labels = labelStyle.Wrap(row.Label, labelWidth);
                var values = valueStyle.Wrap(row.Value.Length == 0 ? "—" : row.Value, valueWidth);
                var height = (Math.Max(1, Math.Max(labels.Count, values.Count)) * lineHeight) + (2 * RowPadY);
                var titleHeight = first && title.Count > 0 ? (title.Count * blockStyle.LineHeight) + 4 : 0;
                canvas.EnsureSpace(titleHeight + height);
                if (titleHeight > 0)
                {
                    canvas.Y += 2;
                    canvas.DrawLines(title, blockStyle, Left, Width, TextAlign.Left, ink);
                    canvas.Y += 2;
                }
                if (first || canvas.Y <= canvas.Margin) canvas.Gfx.DrawLine(rule, Left, canvas.Y, Left + Width, canvas.Y);
                first = false;
                var top = canvas.Y + RowPadY;
                for (var i = 0; i < labels.Count; i++) canvas.DrawLine(labels[i], labelStyle, Left, top + (i * lineHeight), labelWidth, TextAlign.Left, muted);
                for (var i = 0; i < values.Count; i++) canvas.DrawLine(values[i], valueStyle, valueX, top + (i * lineHeight), valueWidth, TextAlign.Left, ink);
                canvas.Y += height;
                canvas.Gfx.DrawLine(rule, Left, canvas.Y, Left + Width, canvas.Y);
                canvas.PageHasContent = true;
            }
            canvas.Y += 6;
        }

        private void DrawFooters()
        {
            var top = canvas.PageHeight - canvas.Margin - smallStyle.LineHeight;
            for (var i = 0; i < canvas.Pages.Count; i++)
            {
                var page = canvas.Pages[i];
                page.DrawLine(rule, Left, top - 4, Left + Width, top - 4);
                PdfCanvas.DrawLine(page, model.Footer, smallStyle, Left, top, Width, TextAlign.Left, muted);
                PdfCanvas.DrawLine(page, $"{i + 1} / {canvas.Pages.Count}", smallStyle, Left, top, Width, TextAlign.Right, muted);
            }
        }
    }
}
