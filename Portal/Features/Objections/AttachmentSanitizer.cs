using ImageMagick;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Portal.Features.Objections;

// What an upload becomes before it is kept: a photo decoded and encoded afresh, a PDF's pages copied into a new
// document. Nothing that travels inside a file — EXIF (GPS, the camera owner, the phone), XMP, IPTC, ICC
// descriptions, comments, PDF document info — reaches a reviewer, who may be the very person complained about.
// The upload itself is never kept: these bytes are what is stored and served.
public static class AttachmentSanitizer
{
    // A 48-megapixel phone photo fits; a header that claims more is refused before its pixels are allocated.
    public const ulong MaximumSide = 12_000;
    public const ulong MaximumPixels = 50_000_000;

    // Per-page keys that can carry who made a file: XMP on any object, application data, annotations (whose /T is
    // the author's name) and actions that run when a reviewer opens the page.
    private static readonly string[] RevealingKeys = ["/Metadata", "/PieceInfo", "/Annots", "/AA"];

    static AttachmentSanitizer()
    {
        // ImageMagick's limits are for the whole process, so uploads decoded at once share them. With no disk
        // allowed, an image that would outgrow memory fails instead of spilling into a temporary file.
        ResourceLimits.Width = MaximumSide;
        ResourceLimits.Height = MaximumSide;
        ResourceLimits.Area = MaximumPixels;
        ResourceLimits.Memory = 512UL * 1024 * 1024;
        ResourceLimits.MaxMemoryRequest = 256UL * 1024 * 1024;
        ResourceLimits.Disk = 0;
        ResourceLimits.ListLength = 16;
        ResourceLimits.Time = 30;
    }

    // The same picture or pages without anything else, or null when the file cannot be read as its kind.
    public static byte[]? Clean(byte[] upload, AttachmentKind kind) => kind switch
    {
        AttachmentKind.Jpeg => Image(upload, MagickFormat.Jpeg),
        AttachmentKind.Png => Image(upload, MagickFormat.Png),
        AttachmentKind.WebP => Image(upload, MagickFormat.WebP, MagickFormat.Jpeg),
        AttachmentKind.Heic => Image(upload, MagickFormat.Heic, MagickFormat.Jpeg),
        _ => Pdf(upload),
    };

    // Read as the format its first bytes said and written as the format it is kept in (AttachmentSniffer.Stored).
    private static byte[]? Image(byte[] upload, MagickFormat format, MagickFormat? storedAs = null)
    {
        try
        {
            // The format is the one the first bytes said, so no other ImageMagick coder ever reads an upload.
            using var image = new MagickImage(upload, new MagickReadSettings { Format = format });
            // Turned as the camera meant before the EXIF that says so goes.
            image.AutoOrient();
            if (image.GetColorProfile() is not null) image.TransformColorSpace(ColorProfiles.SRGB);
            image.Strip();
            image.Orientation = Orientation.Undefined;
            if (storedAs is not null)
            {
                // JPEG has no transparency: a WebP's transparent parts become white, not black.
                image.BackgroundColor = MagickColors.White;
                image.Alpha(AlphaAction.Remove);
                image.Quality = 90;
            }
            return image.ToByteArray(storedAs ?? format);
        }
        catch (MagickException)
        {
            return null;
        }
    }

    // PDFsharp parses nested arrays, dictionaries and page trees by recursion, and a stack overflow is no exception
    // that can be caught: it ends the whole portal. So a file nested deeper than documents are is refused unread,
    // and the rest is parsed on a thread whose stack has room for any file the size limit lets through.
    private static byte[]? Pdf(byte[] upload)
    {
        if (!PdfNesting.IsShallow(upload)) return null;
        byte[]? clean = null;
        var worker = new Thread(() => clean = CopyPages(upload), maxStackSize: 256 * 1024 * 1024) { IsBackground = true, Name = "pdf-sanitizer" };
        worker.Start();
        worker.Join();
        return clean;
    }

    private static byte[]? CopyPages(byte[] upload)
    {
        try
        {
            using var source = PdfReader.Open(new MemoryStream(upload, writable: false), PdfDocumentOpenMode.Import);
            // Encrypted, even with only an owner password that PDFsharp opens without asking: the sender locked it,
            // and it is not ours to unlock.
            if (source.SecurityHandler.Elements.ContainsKey("/Filter")) return null;
            // Only the pages come across: the catalog's XMP, outlines, embedded files, scripts and the document
            // information stay behind with the original.
            using var copy = new PdfDocument();
            foreach (var page in source.Pages) copy.AddPage(page);
            foreach (var o in copy.Internals.GetAllObjects())
            {
                if (o is PdfDictionary d) foreach (var key in RevealingKeys) d.Elements.Remove(key);
            }
            copy.Info.Elements.Clear();
            using var output = new MemoryStream();
            copy.Save(output);
            return output.ToArray();
        }
        catch (Exception)
        {
            // PDFsharp meets hostile bytes with whatever exception its parser hits (Exception, ArgumentOutOfRange,
            // InvalidCast…); any of them means the same thing here: not a PDF that can be read.
            return null;
        }
    }
}

// How deep a PDF's arrays and dictionaries go, read as tokens without parsing anything: strings, comments and stream
// data are skipped, and object streams — where compressed objects hide — are unzipped (within a budget) and read too.
internal static class PdfNesting
{
    public const int MaximumDepth = 100;

    // Object streams of a file within the upload limit unzip to far less than this; more is refused.
    public const int MaximumObjectStreamBytes = 16 * 1024 * 1024;

    public static bool IsShallow(ReadOnlySpan<byte> pdf)
    {
        var budget = MaximumObjectStreamBytes;
        return IsShallow(pdf, ref budget, inObjectStream: false);
    }

    private static bool IsShallow(ReadOnlySpan<byte> pdf, ref int budget, bool inObjectStream)
    {
        var depth = 0;
        var dictionaryStart = -1;
        for (var i = 0; i < pdf.Length; i++)
        {
            switch (pdf[i])
            {
                case (byte)'%':
                    while (i < pdf.Length && pdf[i] is not ((byte)'\r' or (byte)'\n')) i++;
                    break;
                case (byte)'(':
                    i = EndOfString(pdf, i);
                    break;
                case (byte)'<' when i + 1 < pdf.Length && pdf[i + 1] == '<':
                    if (depth == 0) dictionaryStart = i;
                    if (++depth > MaximumDepth) return false;
                    i++;
                    break;
                case (byte)'<':
                    while (i < pdf.Length && pdf[i] != '>') i++;
                    break;
                case (byte)'>' when i + 1 < pdf.Length && pdf[i + 1] == '>':
                    depth = Math.Max(0, depth - 1);
                    i++;
                    break;
                case (byte)'[':
                    if (++depth > MaximumDepth) return false;
                    break;
                case (byte)']':
                    depth = Math.Max(0, depth - 1);
                    break;
                case (byte)'s' when !inObjectStream && IsKeyword(pdf, i, "stream"u8):
                    var start = i + "stream".Length;
                    var end = pdf[start..].IndexOf("endstream"u8);
                    end = end < 0 ? pdf.Length : start + end;
                    var dictionary = dictionaryStart >= 0 ? pdf[dictionaryStart..i] : [];
                    if (dictionary.IndexOf("/ObjStm"u8) >= 0 && !ObjectStreamIsShallow(pdf[start..end], dictionary.IndexOf("/FlateDecode"u8) >= 0, ref budget)) return false;
                    (i, depth, dictionaryStart) = (end + "endstream".Length - 1, 0, -1);
                    break;
            }
        }
        return true;
    }

    private static bool ObjectStreamIsShallow(ReadOnlySpan<byte> data, bool compressed, ref int budget)
    {
        var body = data.TrimStart("\r\n"u8).ToArray();
        if (!compressed) return IsShallow(body, ref budget, inObjectStream: true);
        using var unzipped = new MemoryStream();
        try
        {
            using var z = new System.IO.Compression.ZLibStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = z.Read(buffer)) > 0)
            {
                if ((budget -= read) < 0) return false;
                unzipped.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // Not inflatable: PDFsharp cannot read its objects either, and refuses the file itself.
            return true;
        }
        return IsShallow(unzipped.GetBuffer().AsSpan(0, (int)unzipped.Length), ref budget, inObjectStream: true);
    }

    // A literal string: balanced parentheses, a backslash escaping the next byte.
    private static int EndOfString(ReadOnlySpan<byte> pdf, int i)
    {
        var open = 0;
        for (; i < pdf.Length; i++)
        {
            if (pdf[i] == '\\') i++;
            else if (pdf[i] == '(') open++;
            else if (pdf[i] == ')' && --open == 0) return i;
        }
        return i;
    }

    private static bool IsKeyword(ReadOnlySpan<byte> pdf, int i, ReadOnlySpan<byte> keyword) =>
        pdf[i..].StartsWith(keyword)
        && (i == 0 || pdf[i - 1] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'>')
        && i + keyword.Length < pdf.Length && pdf[i + keyword.Length] is (byte)'\r' or (byte)'\n';
}
