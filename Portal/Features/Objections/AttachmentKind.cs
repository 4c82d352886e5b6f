namespace Portal.Features.Objections;

public enum AttachmentKind
{
    Jpeg,
    Png,
    Pdf,

    // Phones' own formats: decoded and kept as JPEG.
    WebP,
    Heic,
}

// Recognises an upload by its first bytes, never by its name or declared type.
public static class AttachmentSniffer
{
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    // HEIF's brands for HEVC-coded photos (ISO/IEC 23008-12): what an iPhone or an Android camera writes.
    private static readonly string[] HeicBrands = ["heic", "heix", "hevc", "mif1", "msf1"];

    private const int HeadLength = 12;

    public static AttachmentKind? Kind(ReadOnlySpan<byte> head) =>
        head.StartsWith(JpegMagic) ? AttachmentKind.Jpeg
        : head.StartsWith(PngMagic) ? AttachmentKind.Png
        : head.StartsWith(PdfMagic) ? AttachmentKind.Pdf
        // A RIFF container whose form type is WEBP.
        : head.Length >= HeadLength && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? AttachmentKind.WebP
        // An ISO base media file opening with its "ftyp" box, whose major brand is one of HEIC's.
        : head.Length >= HeadLength && head[4..8].SequenceEqual("ftyp"u8) && HeicBrands.Contains(System.Text.Encoding.ASCII.GetString(head[8..12])) ? AttachmentKind.Heic
        : null;

    public static AttachmentKind? Kind(IncomingFile file)
    {
        using var stream = file.Open();
        Span<byte> head = stackalloc byte[HeadLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Kind(head[..read]);
    }

    // What a file of this kind is kept as: WebP and HEIC photos are stored as the JPEG they are turned into.
    public static AttachmentKind Stored(AttachmentKind kind) => kind is AttachmentKind.WebP or AttachmentKind.Heic ? AttachmentKind.Jpeg : kind;

    public static bool IsImage(string contentType) => contentType is "image/jpeg" or "image/png";

    public static string ContentType(AttachmentKind kind) => Stored(kind) switch
    {
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        _ => "application/pdf",
    };

    public static string Extension(AttachmentKind kind) => Stored(kind) switch
    {
        AttachmentKind.Jpeg => ".jpg",
        AttachmentKind.Png => ".png",
        _ => ".pdf",
    };

    public const int MaximumOriginalName = 100;

    // The name the sender's device gave the file, fit to show staff: no folders (either slash), no control or
    // formatting characters (bidirectional overrides could disguise an extension), at most 100 characters; null when
    // nothing is left.
    public static string? OriginalName(string? fileName)
    {
        if (fileName is null) return null;
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new string(name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        if (kept.Length > MaximumOriginalName) kept = kept[..MaximumOriginalName];
        // A surrogate pair cut in half is not text.
        if (kept.Length > 0 && char.IsHighSurrogate(kept[^1])) kept = kept[..^1];
        return kept.Length == 0 ? null : kept;
    }
}
