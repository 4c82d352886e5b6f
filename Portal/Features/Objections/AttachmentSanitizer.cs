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
        _ => Pdf(upload),
    };

    private static byte[]? Image(byte[] upload, MagickFormat format)
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
            return image.ToByteArray(format);
        }
        catch (MagickException)
        {
            return null;
        }
    }

    private static byte[]? Pdf(byte[] upload)
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
