using System.Net;
using ImageMagick;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// An anonymous objection's attachments as the township reviewer downloads them: the picture and the pages, nothing
// that says who took or wrote them. A file that cannot be cleaned is refused, naming the field.
public sealed class AttachmentPrivacyTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // An announcement of Guihua, whose objections the Yuxi township reviewer reads.
    private async Task<Announcement> GuihuaAsync() =>
        (await app.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);

    private async Task<IReadOnlyList<byte[]>> SubmitAndDownloadAsync(params FormFile[] files)
    {
        var open = await GuihuaAsync();
        var json = await CreatedAsync(await PostApiMultipartAsync(app.CreateClient(), open.Id, UniqueText("附件隐私"), files));
        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        Assert.True(row.Anonymous);
        var reviewer = await StaffClient.SignInAsync(app, "yuxi.reviewer");
        var downloads = new List<byte[]>();
        foreach (var a in AttachmentRows(app.DatabaseFile, row.Id))
        {
            var response = await reviewer.GetAsync($"/staff/objections/{row.Id}/attachments/{a.StoredName}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(a.SizeBytes, bytes.Length);
            downloads.Add(bytes);
        }
        Assert.Equal(files.Length, downloads.Count);
        return downloads;
    }

    [Fact]
    public async Task AnonymousJpegWithGpsOwnerAndModel_ReachesTheReviewerAsTheSamePictureWithoutThem()
    {
        var photo = IdentifyingFiles.Photo(MagickFormat.Jpeg, 64, 40);

        var downloaded = Assert.Single(await SubmitAndDownloadAsync(new FormFile("IMG_20261128.jpg", photo, "image/jpeg")));

        IdentifyingFiles.AssertCleanImage(downloaded, MagickFormat.Jpeg, 64, 40);
    }

    [Fact]
    public async Task AnonymousPngWithTextAndExifChunks_ReachesTheReviewerWithoutThem()
    {
        var photo = IdentifyingFiles.Photo(MagickFormat.Png, 30, 20);

        var downloaded = Assert.Single(await SubmitAndDownloadAsync(new FormFile("截图.png", photo, "image/png")));

        IdentifyingFiles.AssertCleanImage(downloaded, MagickFormat.Png, 30, 20);
    }

    [Fact]
    public async Task AnonymousPdfWithAuthorCreatorProducerAndXmp_ReachesTheReviewerWithoutThem()
    {
        var downloaded = Assert.Single(await SubmitAndDownloadAsync(new FormFile("证明.pdf", IdentifyingFiles.Pdf(), "application/pdf")));

        IdentifyingFiles.AssertCleanPdf(downloaded);
    }

    // What phones save: a WebP (Android) and a HEIC (iPhone) become a JPEG without metadata, stored and served as one.
    [Theory]
    [InlineData("webp")]
    [InlineData("heic")]
    public async Task AnonymousWebPOrHeicPhoto_ReachesTheReviewerAsACleanJpeg(string format)
    {
        var (photo, width, height) = format == "webp" ? (IdentifyingFiles.Photo(MagickFormat.WebP, 64, 40), 64u, 40u) : (IdentifyingFiles.Heic(), 48u, 32u);

        var downloaded = Assert.Single(await SubmitAndDownloadAsync(new FormFile($"IMG_20261128.{format}", photo, $"image/{format}")));

        IdentifyingFiles.AssertCleanImage(downloaded, MagickFormat.Jpeg, width, height);
    }

    // A phone photo of 9 MB: more than the old 5 MB limit, within the 10 MB one.
    [Fact]
    public async Task NineMegabytePhoto_IsAccepted()
    {
        var photo = NoisePng(1800, 1800);
        Assert.InRange(photo.Length, 9 * 1024 * 1024, 10 * 1024 * 1024);

        var downloaded = Assert.Single(await SubmitAndDownloadAsync(new FormFile("IMG_big.png", photo, "image/png")));

        IdentifyingFiles.AssertCleanImage(downloaded, MagickFormat.Png, 1800, 1800);
    }

    private static byte[] NoisePng(uint width, uint height)
    {
        var pixels = new byte[width * height * 3];
        new Random(12).NextBytes(pixels);
        using var image = new MagickImage(pixels, new PixelReadSettings(width, height, StorageType.Char, PixelMapping.RGB));
        return image.ToByteArray(MagickFormat.Png);
    }

    // The reviewer recognises a file by the name it had on the sender's phone, and sees a photo without downloading
    // it; the sender's name for the file appears nowhere the public can look, the track page included.
    [Fact]
    public async Task CasePage_ShowsTheOriginalNameAndAPreview_TrackPageNeverTheName()
    {
        var open = await GuihuaAsync();
        const string original = "欧阳家的危房-IMG_7731.heic";
        var client = app.CreateClient();
        var json = await CreatedAsync(await PostApiMultipartAsync(client, open.Id, UniqueText("原文件名"),
            [new FormFile("/storage/DCIM/" + original, IdentifyingFiles.Heic(), "image/heic"), new FormFile("证明材料.pdf", IdentifyingFiles.Pdf(), "application/pdf")]));
        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        var (photo, pdf) = (AttachmentRows(app.DatabaseFile, row.Id)[0], AttachmentRows(app.DatabaseFile, row.Id)[1]);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Matches("^[0-9a-f]{32}\\.jpg$", photo.StoredName);
        var reviewer = await StaffClient.SignInAsync(app, "yuxi.reviewer");

        var page = RenderedText.Parse(await reviewer.GetStringAsync($"/staff/objections/{row.Id}", Ct));

        var href = $"/staff/objections/{row.Id}/attachments/{photo.StoredName}";
        var preview = Assert.Single(page.QuerySelectorAll("img"), i => i.GetAttribute("src") == href);
        Assert.Contains(original, preview.GetAttribute("alt"));
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == href && a.TextContent.Contains(original));
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href")!.EndsWith(pdf.StoredName) && a.TextContent.Contains("证明材料.pdf"));
        Assert.DoesNotContain(page.QuerySelectorAll("img"), i => i.GetAttribute("src")!.EndsWith(pdf.StoredName));
        // The preview is served inline as the JPEG it is; the PDF stays a download.
        var image = await reviewer.GetAsync(href, Ct);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("attachment", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("img-src 'self'", string.Join(";", image.Headers.GetValues("Content-Security-Policy")));
        var download = await reviewer.GetAsync($"/staff/objections/{row.Id}/attachments/{pdf.StoredName}", Ct);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        var receipt = json.GetProperty("receipt").GetString()!;
        var track = await (await PostTrackFormAsync(BrowserClient(app), receipt)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(json.GetProperty("caseNumber").GetString()!, track);
        Assert.DoesNotContain("欧阳家的危房", track);
        Assert.DoesNotContain("证明材料", track);
        var tracked = await (await TrackApiAsync(client, receipt)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("IMG_7731", tracked);
        Assert.DoesNotContain("证明材料", System.Text.RegularExpressions.Regex.Unescape(tracked));
    }

    public static TheoryData<string, byte[], string> Unreadable => new()
    {
        { "photo.jpg", [.. Jpeg[..4], .. new byte[64]], "无法作为照片读取" },
        { "photo.png", [.. Png[..8], .. new byte[64]], "无法作为照片读取" },
        { "扫描件.pdf", "%PDF-1.7\nnot really a PDF\n%%EOF\n"u8.ToArray(), "无法作为 PDF 读取，或设置了密码；请改为上传它的照片" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task FileThatOnlyStartsLikeAPhotoOrPdf_IsRefusedOnAttachmentsAndNothingIsKept(string name, byte[] bytes, string message)
    {
        var open = await GuihuaAsync();
        var text = UniqueText("坏附件");
        var filesBefore = AttachmentFiles(app.AttachmentsFolder).Count;

        var response = await PostApiMultipartAsync(app.CreateClient(), open.Id, text, [new FormFile("ok.png", Png, "image/png"), new FormFile(name, bytes)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await JsonAsync(response)).GetProperty("errors").GetProperty("attachments").EnumerateArray()).GetString();
        Assert.Contains($"附件“{name}”", error);
        Assert.Contains(message, error);
        Assert.Equal(0, RowsWithText(app, text));
        Assert.Equal(filesBefore, AttachmentFiles(app.AttachmentsFolder).Count);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StoredAttachment_IsReadableOnlyByThePortalsUser()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var open = await GuihuaAsync();
        var json = await CreatedAsync(await PostApiMultipartAsync(app.CreateClient(), open.Id, UniqueText("权限"), [new FormFile("a.png", Png, "image/png")]));
        var stored = Assert.Single(AttachmentRows(app.DatabaseFile, RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!).Id));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(app.AttachmentsFolder, stored.StoredName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(app.AttachmentsFolder));
    }
}
