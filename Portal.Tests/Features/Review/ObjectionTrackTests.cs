using System.Net;
using System.Text.RegularExpressions;
using Portal.Features.Announcements;
using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// The track page at /track: the receipt is POSTed, a wrong one gets one generic message, the complainant answers.
public sealed partial class ObjectionTrackTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string NotFound = "没有找到与该回执号对应的异议，请核对后重试。";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Receipt, string CaseNumber, string Text)> SubmitAsync()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("查询进度");
        var json = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, text)));
        return (json.GetProperty("receipt").GetString()!, json.GetProperty("caseNumber").GetString()!, text);
    }

    private static string Alert(string html) => AlertPattern().Match(html).Groups[1].Value;

    [Theory]
    [InlineData(" ")]
    [InlineData("-")]
    [InlineData("")]
    public async Task Track_Receipt_ShowsCaseNumberStatusAndTheObjectionsOwnText(string separator)
    {
        var (receipt, caseNumber, text) = await SubmitAsync();
        var typed = string.Join(separator, receipt.Chunk(4).Select(c => new string(c)));

        var response = await PostTrackFormAsync(BrowserClient(app), typed);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<strong>{caseNumber}</strong>", html);
        Assert.Contains("已受理登记", html);
        Assert.Contains($"<p class=\"objection-text\">{text}</p>", html);
        Assert.Contains("受理登记", html);
        Assert.DoesNotContain(NotFound, html);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    // The person mistyped: the track page again, with the one generic message and the form to try again.
    [Fact]
    public async Task Track_WrongReceipt_ShowsTheGenericMessageAndTheFormAgain()
    {
        await SubmitAsync();

        var response = await PostTrackFormAsync(BrowserClient(app), "1111 2222 3333 4444");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("页面不存在", html);
        Assert.Equal(NotFound, Alert(html));
        Assert.Contains("name=\"Lookup.Receipt\"", html);
        Assert.DoesNotContain("objection-text", html);
    }

    // Whether the input could never be a receipt or is simply nobody's, the answer is the same.
    [Fact]
    public async Task Track_SyntacticallyInvalidReceipt_GetsTheSameAnswerAsAWrongOne()
    {
        var wrong = await PostTrackFormAsync(BrowserClient(app), "1111 2222 3333 4444");
        var wrongAlert = Alert(await wrong.Content.ReadAsStringAsync(Ct));

        foreach (var input in new[] { "12345", "1234 5678 9012 34567", "abcd-efgh-ijkl-mnop", "１２３４５６７８９０１２３４５６" })
        {
            var invalid = await PostTrackFormAsync(BrowserClient(app), input);
            var html = await invalid.Content.ReadAsStringAsync(Ct);

            Assert.Equal(wrong.StatusCode, invalid.StatusCode);
            Assert.Equal(NotFound, Alert(html));
            Assert.Equal(wrongAlert, Alert(html));
        }
    }

    [Fact]
    public async Task Answer_TextAndPng_AppearsInTheTimelineAndIsStoredWithItsAttachment()
    {
        var (receipt, caseNumber, _) = await SubmitAsync();
        var client = BrowserClient(app);
        var page = await (await PostTrackFormAsync(client, ObjectionRules.Grouped(receipt))).Content.ReadAsStringAsync(Ct);
        var answer = UniqueText("补充说明");

        var response = await PostAnswerAsync(client, Token(page), receipt, answer, new FormFile("补充照片.png", IdentifyingFiles.Photo(ImageMagick.MagickFormat.Png, 4, 3), "image/png"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html[..Math.Min(200, html.Length)]}");
        Assert.Contains("已收到您的补充说明。", html);
        var timeline = TimelinePattern().Match(html).Groups[1].Value;
        Assert.Contains("您的补充", timeline);
        Assert.Contains($"<p class=\"message\">{answer}</p>", timeline);
        // Stored: the message in the timeline, the PNG under a name of our own, tied to that message.
        var row = RowByCaseNumber(app.DatabaseFile, caseNumber);
        var stored = Assert.Single(AttachmentRows(app.DatabaseFile, row.Id));
        Assert.Equal("image/png", stored.ContentType);
        Assert.Matches("^[0-9a-f]{32}\\.png$", stored.StoredName);
        // Kept as the photo encoded afresh, without what the phone wrote into it.
        IdentifyingFiles.AssertCleanImage(await File.ReadAllBytesAsync(Path.Combine(app.AttachmentsFolder, stored.StoredName), Ct), ImageMagick.MagickFormat.Png, 4, 3);
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM ObjectionEvent WHERE Id = $e AND ObjectionId = $o AND Kind = 'MessageFromComplainant' AND Text = $t",
            ("$e", stored.EventId), ("$o", row.Id), ("$t", answer)));
        // The API's timeline shows it too.
        var tracked = await JsonAsync(await TrackApiAsync(client, receipt));
        Assert.Contains(tracked.GetProperty("timeline").EnumerateArray(), e =>
            e.GetProperty("kind").GetString() == "MessageFromComplainant" && e.GetProperty("text").GetString() == answer);
    }

    [Fact]
    public async Task Answer_ExecutableAttachment_IsRefusedNamingTheFileAndNothingIsAdded()
    {
        var (receipt, caseNumber, _) = await SubmitAsync();
        var client = BrowserClient(app);
        var page = await (await PostTrackFormAsync(client, receipt)).Content.ReadAsStringAsync(Ct);

        var response = await PostAnswerAsync(client, Token(page), receipt, UniqueText("补充"), new FormFile("photo.jpg", WindowsExecutable));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest && html.Contains("附件“photo.jpg”不是 JPEG、PNG、WebP、HEIC 照片或 PDF 文件"),
            $"{(int)response.StatusCode}: {html[..Math.Min(200, html.Length)]}");
        var row = RowByCaseNumber(app.DatabaseFile, caseNumber);
        Assert.Empty(AttachmentRows(app.DatabaseFile, row.Id));
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM ObjectionEvent WHERE ObjectionId = $o AND Kind = 'MessageFromComplainant'", ("$o", row.Id)));
    }

    [Fact]
    public async Task TrackPage_Get_OffersAFormThatPostsTheReceipt()
    {
        var html = await BrowserClient(app).GetStringAsync("/track", Ct);

        Assert.Matches("<form method=\"post\"[^>]*action=\"/track\"", html);
        Assert.Contains("name=\"Lookup.Receipt\"", html);
    }

    [GeneratedRegex("<p class=\"alert alert-error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex AlertPattern();

    [GeneratedRegex("<ol class=\"timeline\">(.*?)</ol>", RegexOptions.Singleline)]
    private static partial Regex TimelinePattern();
}
