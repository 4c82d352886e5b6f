namespace Portal.Features.Objections;

public enum AttachmentKind
{
    Jpeg,
    Png,
    Pdf,
}

// Recognises an upload by its first bytes, never by its name or declared type.
public static class AttachmentSniffer
{
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    public static AttachmentKind? Kind(ReadOnlySpan<byte> head) =>
        head.StartsWith(JpegMagic) ? AttachmentKind.Jpeg
        : head.StartsWith(PngMagic) ? AttachmentKind.Png
        : head.StartsWith(PdfMagic) ? AttachmentKind.Pdf
        : null;

    public static AttachmentKind? Kind(IncomingFile file)
    {
        using var stream = file.Open();
        Span<byte> head = stackalloc byte[8];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Kind(head[..read]);
    }

    public static string ContentType(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        _ => "application/pdf",
    };

    public static string Extension(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Jpeg => ".jpg",
        AttachmentKind.Png => ".png",
        _ => ".pdf",
    };
}
