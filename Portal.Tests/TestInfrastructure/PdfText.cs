using UglyToad.PdfPig;

namespace Portal.Tests.TestInfrastructure;

public static class PdfText
{
    // The text of each page, without white space: PdfPig returns CJK text with arbitrary spacing.
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Concat(p.Text.Where(c => !char.IsWhiteSpace(c)))).ToList();
    }
}
