using System.Text;
using ImageMagick;
using UglyToad.PdfPig;

namespace Portal.Tests.TestInfrastructure;

// Files as a phone or an office program makes them: carrying who made them, where and with what. Each secret is a
// string that must never reach a reviewer.
public static class IdentifyingFiles
{
    public const string Owner = "ZhangWei-CameraOwner";
    public const string PhoneModel = "Xiaomi-SECRET-MODEL-13";
    public const string PhoneMake = "SECRET-MAKER-Co";
    public const string XmpCreator = "SECRET-XMP-CREATOR";
    public const string IptcByline = "SECRET-IPTC-BYLINE";
    public const string Comment = "SECRET-COMMENT-by-zhang";
    public const string PngText = "SECRET-PNG-TEXT-AUTHOR";
    public const string PdfAuthor = "SECRET-PDF-AUTHOR";
    public const string PdfCreator = "SECRET-PDF-CREATOR";
    public const string PdfProducer = "SECRET-PDF-PRODUCER";
    public const string PdfPageXmp = "SECRET-PAGE-XMP";
    public const string PdfAnnotationAuthor = "SECRET-ANNOTATION-AUTHOR";

    public static readonly string[] ImageSecrets = [Owner, PhoneModel, PhoneMake, XmpCreator, IptcByline, Comment, PngText];
    public static readonly string[] PdfSecrets = [PdfAuthor, PdfCreator, PdfProducer, XmpCreator, PdfPageXmp, PdfAnnotationAuthor];

    // A photo with EXIF (owner, make, model, GPS), XMP, IPTC, an ICC profile and a comment.
    public static byte[] Photo(MagickFormat format, uint width = 48, uint height = 32, ushort orientation = 1)
    {
        using var image = new MagickImage(MagickColors.SkyBlue, width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Artist, Owner);
        exif.SetValue(ExifTag.Copyright, Owner);
        exif.SetValue(ExifTag.Make, PhoneMake);
        exif.SetValue(ExifTag.Model, PhoneModel);
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(31, 1), new Rational(52, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(106, 1), new Rational(44, 1), new Rational(5678, 100)]);
        image.SetProfile(exif);
        image.Orientation = (Orientation)orientation;
        image.SetProfile(new XmpProfile(Encoding.UTF8.GetBytes(
            $"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>{XmpCreator}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>")));
        var iptc = new IptcProfile();
        iptc.SetValue(IptcTag.Byline, IptcByline);
        image.SetProfile(iptc);
        image.SetProfile(ColorProfiles.SRGB);
        image.Comment = Comment;
        image.SetAttribute("Author", PngText);
        var bytes = image.ToByteArray(format);
        string[] carried = format switch
        {
            MagickFormat.Jpeg => [Owner, PhoneModel, XmpCreator, IptcByline, Comment],
            MagickFormat.WebP => [Owner, PhoneModel, XmpCreator],
            _ => [Owner, PhoneModel, PngText],
        };
        foreach (var secret in carried)
        {
            Assert.True(Contains(bytes, secret), $"the fixture itself lacks {secret}");
        }
        return bytes;
    }

    // A 48 × 32 HEIC photo as a phone saves it (ftyp brand "heic", HEVC-coded). Magick.NET reads HEIC but cannot write
    // it, so this one was made once with ImageMagick 6 and libheif (`convert photo.jpg photo.heic`), which writes no
    // EXIF into it; that metadata goes is proved on the formats that can carry it here (JPEG, PNG, WebP).
    public static byte[] Heic() => Convert.FromBase64String(
        "AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAaptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAACAAAAEGlkYXQAAAAAADAAIAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHOAAEAAAAAAAAAHgACAAEAAAAAAAAAAQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADVaXBycAAAALNpcGNvAAAAc2h2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACdCAQEDcAAAAwCQAAADAAADAB6gIIEFlurkprmwIAAAAwAgAAADACEiAAEABkQBwXPAiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlzcGUAAAAAAAAAMAAAACAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGltZwACAAEAAQAAACZtZGF0AAAAGigBrwngOSMkvr/7b4/e/dGf/+rxGtWOp3Pw");

    // A PDF whose document information, catalog XMP, page XMP and annotation name who wrote it; the page says "Evidence".
    public static byte[] Pdf() => PdfFile("/Info 9 0 R",
        "<</Type/Catalog/Pages 2 0 R/Metadata 4 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 5 0 R/Resources<</Font<</F1 8 0 R>>>>/Metadata 6 0 R/Annots[7 0 R]>>",
        Stream("<</Type/Metadata/Subtype/XML", $"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>{XmpCreator}</dc:creator><pdf:Producer>{PdfProducer}</pdf:Producer></x:xmpmeta>"),
        Stream("<<", "BT /F1 12 Tf 20 50 Td (Evidence) Tj ET"),
        Stream("<</Type/Metadata/Subtype/XML", $"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">{PdfPageXmp}</x:xmpmeta>"),
        $"<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/T({PdfAnnotationAuthor})/Contents(note)>>",
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        $"<</Author({PdfAuthor})/Creator({PdfCreator})/Producer({PdfProducer})/Title(Secret title)>>");

    private static string Stream(string dictionaryStart, string content) =>
        $"{dictionaryStart}/Length {Encoding.ASCII.GetByteCount(content)}>>\nstream\n{content}\nendstream";

    // A classic PDF: objects 1…n in order, a correct cross-reference table, the catalog as object 1.
    public static byte[] PdfFile(string trailerExtra, params string[] objects)
    {
        var text = new StringBuilder("%PDF-1.4\n");
        // Latin-1: one byte for each character, so that a stream may carry binary data.
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(text.Length);
            text.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = text.Length;
        text.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) text.Append($"{o:D10} 00000 n \n");
        text.Append($"trailer\n<</Size {objects.Length + 1}/Root 1 0 R{trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    public static bool Contains(byte[] bytes, string secret) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0;

    // A decodable image of that format and size, with no profile (EXIF, XMP, IPTC, ICC), no comment, no text.
    public static void AssertCleanImage(byte[] bytes, MagickFormat format, uint width, uint height)
    {
        using var image = new MagickImage(bytes, new MagickReadSettings { Format = format });
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Null(image.GetExifProfile());
        Assert.Null(image.GetXmpProfile());
        Assert.Null(image.GetIptcProfile());
        Assert.Null(image.GetColorProfile());
        Assert.Empty(image.ProfileNames);
        Assert.True(string.IsNullOrEmpty(image.Comment), image.Comment);
        foreach (var secret in ImageSecrets) Assert.False(Contains(bytes, secret), $"{secret} is still in the file");
        Assert.False(Contains(bytes, "Exif"), "an EXIF block is still in the file");
        if (format == MagickFormat.Png)
        {
            Assert.DoesNotContain(PngChunks(bytes), c => c is "tEXt" or "zTXt" or "iTXt" or "eXIf" or "iCCP" or "tIME");
        }
    }

    // A readable PDF with the page's text, and none of the original's document information, XMP or annotations.
    public static void AssertCleanPdf(byte[] bytes)
    {
        foreach (var secret in PdfSecrets) Assert.False(Contains(bytes, secret), $"{secret} is still in the file");
        using var document = PdfDocument.Open(bytes);
        var page = Assert.Single(document.GetPages());
        Assert.Contains("Evidence", page.Text);
        Assert.Empty(page.GetAnnotations());
        Assert.True(string.IsNullOrEmpty(document.Information.Author), document.Information.Author);
        Assert.True(string.IsNullOrEmpty(document.Information.Title), document.Information.Title);
        Assert.DoesNotContain("SECRET", document.Information.Creator ?? "");
        Assert.DoesNotContain("SECRET", document.Information.Producer ?? "");
        if (document.TryGetXmpMetadata(out var xmp)) Assert.DoesNotContain("SECRET", Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray()));
    }

    public static IReadOnlyList<string> PngChunks(byte[] png)
    {
        var chunks = new List<string>();
        for (var p = 8; p + 8 <= png.Length;)
        {
            var length = (png[p] << 24) | (png[p + 1] << 16) | (png[p + 2] << 8) | png[p + 3];
            chunks.Add(Encoding.ASCII.GetString(png, p + 4, 4));
            p += 12 + length;
        }
        return chunks;
    }
}
