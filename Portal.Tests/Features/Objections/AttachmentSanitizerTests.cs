using ImageMagick;
using PdfSharp.Pdf.IO;
using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Objections;

// What is kept of an upload: the picture or the pages, nothing of who made them.
public sealed class AttachmentSanitizerTests
{
    [Fact]
    public void Clean_JpegWithExifGpsXmpIptcAndComment_IsTheSamePictureWithNoneOfThem()
    {
        var photo = IdentifyingFiles.Photo(MagickFormat.Jpeg);

        var clean = AttachmentSanitizer.Clean(photo, AttachmentKind.Jpeg);

        Assert.NotNull(clean);
        Assert.Equal(AttachmentKind.Jpeg, AttachmentSniffer.Kind(clean));
        IdentifyingFiles.AssertCleanImage(clean, MagickFormat.Jpeg, 48, 32);
    }

    [Fact]
    public void Clean_PngWithTextAndExifChunks_IsTheSamePictureWithNoneOfThem()
    {
        var photo = IdentifyingFiles.Photo(MagickFormat.Png);
        Assert.Contains("tEXt", IdentifyingFiles.PngChunks(photo));
        Assert.Contains("eXIf", IdentifyingFiles.PngChunks(photo));

        var clean = AttachmentSanitizer.Clean(photo, AttachmentKind.Png);

        Assert.NotNull(clean);
        Assert.Equal(AttachmentKind.Png, AttachmentSniffer.Kind(clean));
        IdentifyingFiles.AssertCleanImage(clean, MagickFormat.Png, 48, 32);
    }

    [Fact]
    public void Clean_PhotoTakenSideways_IsTurnedUprightBeforeItsExifGoes()
    {
        // Orientation 6: the camera held upright, the pixels stored turned a quarter to the left.
        using (var image = new MagickImage(IdentifyingFiles.Photo(MagickFormat.Jpeg, 48, 32, orientation: 6)))
        {
            Assert.Equal((48u, 32u), (image.Width, image.Height));
        }

        var clean = AttachmentSanitizer.Clean(IdentifyingFiles.Photo(MagickFormat.Jpeg, 48, 32, orientation: 6), AttachmentKind.Jpeg);

        IdentifyingFiles.AssertCleanImage(clean!, MagickFormat.Jpeg, 32, 48);
    }

    [Fact]
    public void Clean_WebPWithExifGpsAndXmp_IsAJpegOfTheUprightPictureWithNoneOfThem()
    {
        var photo = IdentifyingFiles.Photo(MagickFormat.WebP, 48, 32, orientation: 6);
        Assert.Equal(AttachmentKind.WebP, AttachmentSniffer.Kind(photo));

        var clean = AttachmentSanitizer.Clean(photo, AttachmentKind.WebP);

        Assert.NotNull(clean);
        Assert.Equal(AttachmentKind.Jpeg, AttachmentSniffer.Kind(clean));
        Assert.Equal("image/jpeg", AttachmentSniffer.ContentType(AttachmentKind.WebP));
        IdentifyingFiles.AssertCleanImage(clean, MagickFormat.Jpeg, 32, 48);
    }

    [Fact]
    public void Clean_HeicFromAPhone_IsAJpegOfTheSamePictureWithoutMetadata()
    {
        var photo = IdentifyingFiles.Heic();
        Assert.Equal(AttachmentKind.Heic, AttachmentSniffer.Kind(photo));

        var clean = AttachmentSanitizer.Clean(photo, AttachmentKind.Heic);

        Assert.NotNull(clean);
        Assert.Equal(AttachmentKind.Jpeg, AttachmentSniffer.Kind(clean));
        IdentifyingFiles.AssertCleanImage(clean, MagickFormat.Jpeg, 48, 32);
    }

    public static TheoryData<string, AttachmentKind?> Heads => new()
    {
        { "RIFF\u0010\0\0\0WEBPVP8 ", AttachmentKind.WebP },
        { "RIFF\u0010\0\0\0WAVEfmt ", null },
        { "\0\0\0\u0018ftypheic\0\0\0\0", AttachmentKind.Heic },
        { "\0\0\0\u0018ftypheix\0\0\0\0", AttachmentKind.Heic },
        { "\0\0\0\u0018ftyphevc\0\0\0\0", AttachmentKind.Heic },
        { "\0\0\0\u0018ftypmif1\0\0\0\0", AttachmentKind.Heic },
        { "\0\0\0\u0018ftypmsf1\0\0\0\0", AttachmentKind.Heic },
        { "\0\0\0\u0018ftypisom\0\0\0\0", null },
        { "\0\0\0\u0018ftyphei", null },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Sniffer_WebPAndHeicHeads_AreRecognisedByTheirBrandOnly(string head, AttachmentKind? kind) =>
        Assert.Equal(kind, AttachmentSniffer.Kind(System.Text.Encoding.Latin1.GetBytes(head)));

    [Theory]
    [InlineData("IMG_0001.HEIC", "IMG_0001.HEIC")]
    [InlineData("C:\\Users\\张伟\\Pictures\\房屋.jpg", "房屋.jpg")]
    [InlineData("/storage/emulated/0/DCIM/证明.pdf", "证明.pdf")]
    [InlineData("bad\u0007\u001B[31mname\u202Egpj.exe", "bad[31mnamegpj.exe")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void OriginalName_PathControlAndFormattingCharacters_AreRemoved(string? sent, string? kept) =>
        Assert.Equal(kept, AttachmentSniffer.OriginalName(sent));

    [Fact]
    public void OriginalName_LongerThanTheLimit_IsCut() =>
        Assert.Equal(AttachmentSniffer.MaximumOriginalName, AttachmentSniffer.OriginalName(new string('长', 300) + ".jpg")!.Length);

    [Fact]
    public void Clean_PdfWithInfoXmpAndAnnotations_KeepsThePageAndNoneOfThem()
    {
        var pdf = IdentifyingFiles.Pdf();
        Assert.All(IdentifyingFiles.PdfSecrets, s => Assert.True(IdentifyingFiles.Contains(pdf, s), s));

        var clean = AttachmentSanitizer.Clean(pdf, AttachmentKind.Pdf);

        Assert.NotNull(clean);
        Assert.Equal(AttachmentKind.Pdf, AttachmentSniffer.Kind(clean));
        IdentifyingFiles.AssertCleanPdf(clean);
    }

    public static TheoryData<string, byte[]> UnreadablePdfs => new()
    {
        { "garbage after the header", "%PDF-1.7\nthis is not a PDF at all\n%%EOF\n"u8.ToArray() },
        { "a password to open", Encrypted(userPassword: "1234") },
        { "an owner password only", Encrypted(userPassword: null) },
        { "no pages", IdentifyingFiles.PdfFile("", "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>") },
    };

    [Theory]
    [MemberData(nameof(UnreadablePdfs))]
    public void Clean_PdfThatCannotBeReadOrIsEncrypted_IsRefused(string why, byte[] pdf)
    {
        Assert.True(AttachmentSanitizer.Clean(pdf, AttachmentKind.Pdf) is null, why);
    }

    // ---- PDFsharp parses by recursion: a stack overflow would end the whole portal, not just refuse the file ----

    private static string[] OnePage(string pageExtra = "") =>
        ["<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", $"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]{pageExtra}>>"];

    [Fact]
    public void Clean_PdfNestedFarDeeperThanDocumentsAre_IsRefusedWithoutOverflowingTheStack()
    {
        var pdf = IdentifyingFiles.PdfFile("", OnePage("/Foo" + new string('[', 200_000) + new string(']', 200_000)));

        Assert.Null(AttachmentSanitizer.Clean(pdf, AttachmentKind.Pdf));
    }

    [Fact]
    public void Clean_PdfHidingDeepNestingInACompressedObjectStream_IsRefused()
    {
        using var zipped = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zipped, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(System.Text.Encoding.ASCII.GetBytes("5 0 " + new string('[', 200_000)));
        }
        var data = System.Text.Encoding.Latin1.GetString(zipped.ToArray());
        var pdf = IdentifyingFiles.PdfFile("", [.. OnePage(), $"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length {data.Length}>>\nstream\n{data}\nendstream"]);

        Assert.Null(AttachmentSanitizer.Clean(pdf, AttachmentKind.Pdf));
    }

    [Fact]
    public void Clean_PdfWithAHundredThousandLevelPageTree_IsReadOnAThreadWithRoomForIt()
    {
        const int levels = 100_000;
        var objects = new List<string> { "<</Type/Catalog/Pages 2 0 R>>" };
        for (var k = 0; k < levels; k++) objects.Add($"<</Type/Pages/Kids[{k + 3} 0 R]/Count 1{(k > 0 ? $"/Parent {k + 1} 0 R" : "")}>>");
        objects.Add($"<</Type/Page/Parent {levels + 1} 0 R/MediaBox[0 0 200 200]>>");

        var clean = AttachmentSanitizer.Clean(IdentifyingFiles.PdfFile("", [.. objects]), AttachmentKind.Pdf);

        Assert.NotNull(clean);
        using var document = UglyToad.PdfPig.PdfDocument.Open(clean);
        Assert.Equal(1, document.NumberOfPages);
    }

    [Theory]
    [InlineData(AttachmentKind.Jpeg)]
    [InlineData(AttachmentKind.Png)]
    public void Clean_ImageThatOnlyStartsRight_IsRefused(AttachmentKind kind)
    {
        var head = kind == AttachmentKind.Jpeg ? ObjectionTestKit.Jpeg[..4] : ObjectionTestKit.Png[..8];
        var bytes = head.Concat(Enumerable.Repeat((byte)0x00, 64)).ToArray();
        Assert.Equal(kind, AttachmentSniffer.Kind(bytes));

        Assert.Null(AttachmentSanitizer.Clean(bytes, kind));
    }

    [Theory]
    [InlineData(13_000u, 1u)]
    [InlineData(7_100u, 7_100u)]
    public void Clean_PngLargerThanTheLimits_IsRefused(uint width, uint height)
    {
        // Real, decodable and small on the wire: one grey, compressed to almost nothing.
        var png = GreyPng(width, height);
        Assert.True(png.Length < 1_000_000);

        Assert.Null(AttachmentSanitizer.Clean(png, AttachmentKind.Png));
    }

    [Fact]
    public void Clean_TwelveMegapixelPng_IsWithinTheLimits()
    {
        var clean = AttachmentSanitizer.Clean(GreyPng(4_000, 3_000), AttachmentKind.Png);

        IdentifyingFiles.AssertCleanImage(clean!, MagickFormat.Png, 4_000, 3_000);
    }

    // An 8-bit greyscale PNG written by hand, so that making it is not itself held by ImageMagick's limits.
    private static byte[] GreyPng(uint width, uint height)
    {
        using var raw = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, (byte)0x80, 1, (int)width);
            for (var y = 0; y < height; y++) z.Write(row);
        }
        using var png = new MemoryStream();
        png.Write(ObjectionTestKit.Png.AsSpan(0, 8));
        Chunk(png, "IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 0, 0, 0, 0]);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(BigEndian((uint)data.Length));
        png.Write(typed);
        png.Write(BigEndian(Crc32(typed)));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] Encrypted(string? userPassword)
    {
        using var source = PdfReader.Open(new MemoryStream(ObjectionTestKit.Pdf), PdfDocumentOpenMode.Modify);
        if (userPassword is not null) source.SecuritySettings.UserPassword = userPassword;
        source.SecuritySettings.OwnerPassword = "owner";
        using var output = new MemoryStream();
        source.Save(output);
        return output.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}
