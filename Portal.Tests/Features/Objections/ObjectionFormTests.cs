using System.Net;
using System.Text.RegularExpressions;
using Portal.Features.Announcements;
using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// The objection form at /announcements/{id}/objections/new as a browser without JavaScript uses it: a plain
// multipart post, the receipt page, the receipt PDF.
public sealed partial class ObjectionFormTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Html)> ReadAsync(HttpResponseMessage response) =>
        (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));

    private static bool HasObjectionForm(string html) =>
        html.Contains("name=\"_handler\" value=\"objection\"") || html.Contains("name=\"Input.Text\"") || html.Contains("<textarea");

    // ---- the period ----

    [Fact]
    public async Task NewObjectionPage_OpenAnnouncement_ShowsTheFormWithItsFields()
    {
        var open = await OpenVillageAsync(app);

        var html = await BrowserClient(app).GetStringAsync(FormUrl(open.Id), Ct);

        Assert.True(HasObjectionForm(html));
        foreach (var name in new[] { "Input.Category", "Input.Text", "Attachments", "Input.Anonymous", "Input.Name", "Input.Phone", "Input.Relation", "Input.Consent" })
        {
            Assert.Contains($"name=\"{name}\"", html);
        }
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Contains($"截至 {AnnouncementText.Date(open.PeriodEnd!.Value)} 24:00", html);
    }

    [Fact]
    public async Task NewObjectionPage_ClosedAnnouncement_ShowsTheClosedMessageAndNoForm()
    {
        var closed = await ClosedAsync(app);

        var html = await BrowserClient(app).GetStringAsync(FormUrl(closed.Id), Ct);

        Assert.Contains($"只在公示期内（{AnnouncementText.Date(closed.PeriodStart!.Value)} 至 {AnnouncementText.Date(closed.PeriodEnd!.Value)}", html);
        Assert.Contains("现在不在公示期内，未保存任何内容。", html);
        Assert.False(HasObjectionForm(html));
        Assert.Contains($"href=\"/announcements/{closed.Id}\"", html);
    }

    // The person opened the form while the period ran and sends it after it ended (the same client and antiforgery
    // cookie, the form of an open announcement supplying the token): the page must say why, with 409, and keep nothing.
    [Fact]
    public async Task Post_ClosedAnnouncement_Returns409PageWithTheMessageAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        var closed = await ClosedAsync(app);
        var client = BrowserClient(app);
        var text = UniqueText("公示期后");

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(client, closed.Id, AnonymousFields(text), tokenFrom: open.Id));

        Assert.Equal(0, ObjectionRows(app.DatabaseFile, closed.Id));
        Assert.Equal(0, RowsWithText(app, text));
        Assert.True(status == HttpStatusCode.Conflict, $"{(int)status}: {html[..Math.Min(200, html.Length)]}");
        Assert.Contains($"只在公示期内（{AnnouncementText.Date(closed.PeriodStart!.Value)} 至 {AnnouncementText.Date(closed.PeriodEnd!.Value)}", html);
    }

    // A withdrawn announcement whose dates still include today takes no objections; it must not say that today
    // lies outside its period.
    [Fact]
    public async Task NewObjectionPage_WithdrawnAnnouncementInsideItsDates_SaysItTakesNoObjectionsWithoutClaimingThePeriodIsOver()
    {
        var withdrawn = (await PublicAsync(app)).First(a => a.Status == AnnouncementStatus.Withdrawn);
        Assert.True(withdrawn.Period!.Contains(DateTimeOffset.UtcNow), "the demo's withdrawn announcement is inside its dates");

        var html = await BrowserClient(app).GetStringAsync(FormUrl(withdrawn.Id), Ct);

        Assert.False(HasObjectionForm(html));
        Assert.DoesNotContain("现在不在公示期内", html);
        Assert.Contains("该公示目前不受理异议，未保存任何内容。", html);
    }

    // ---- accepted: the receipt page ----

    // A link pasted in a chat often loses or gains a character: the form must not carry a hidden entry nobody can correct.
    [Theory]
    [InlineData("12%E3%80%82")]
    [InlineData("999999999")]
    public async Task NewObjectionPage_LinkWithAnEntryNotInTheAnnouncement_SaysSoAndTheObjectionIsAboutTheWholeAnnouncement(string entry)
    {
        var open = await OpenVillageAsync(app);
        var client = BrowserClient(app);
        var text = UniqueText("条目");

        var html = await client.GetStringAsync($"{FormUrl(open.Id)}?entry={entry}", Ct);
        Assert.Contains("链接里的条目不在这份公示中", html);
        Assert.Matches("name=\"Input.EntryId\"(?: value=\"\")? */?>", html);
        var response = await PostObjectionFormAsync(client, open.Id, new Dictionary<string, string>(AnonymousFields(text)) { ["EntryId"] = "" },
            query: $"?entry={entry}");

        var (status, receiptPage) = await ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("异议已受理", receiptPage);
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Objection WHERE Text = $t AND EntryId IS NULL", ("$t", text)));
    }

    [Fact]
    public async Task Post_Valid_ShowsTheReceiptInFourGroupsWithTheWarningAndNoStore()
    {
        var open = await OpenVillageAsync(app);
        var client = BrowserClient(app);
        var text = UniqueText("表单");

        var response = await PostObjectionFormAsync(client, open.Id, AnonymousFields(text));
        var (status, html) = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("异议已受理", html);
        var grouped = ReceiptOnPage(html);
        Assert.Matches("^[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}$", grouped);
        Assert.Contains("回执号只显示这一次，请抄写或下载保存，不要告诉他人。遗失后无法找回。", html);
        Assert.Matches(CaseNumberOnPage(), html);
        Assert.Equal(1, RowsWithText(app, text));
        // The receipt shown is the one that finds this objection.
        var tracked = await JsonAsync(await TrackApiAsync(client, grouped));
        Assert.Equal(text, tracked.GetProperty("text").GetString());
        Assert.Equal(CaseNumberOnPage().Match(html).Groups[1].Value, tracked.GetProperty("caseNumber").GetString());
    }

    // The same words on the same entry within a day are marked for staff as a likely duplicate; the second sender's
    // receipt page is the first one's, but for its own case number, receipt and token.
    [Fact]
    public async Task Post_SameTextTwice_SecondReceiptPageDoesNotTellThatSomeoneSentItBefore()
    {
        var open = await OpenVillageAsync(app);
        var entry = await FirstEntryAsync(app, open.Id);
        var fields = AnonymousFields(UniqueText("重复"));
        fields["EntryId"] = entry.Id.ToString();

        var first = await PostObjectionFormAsync(BrowserClient(app), open.Id, fields, query: $"?entry={entry.Id}");
        var second = await PostObjectionFormAsync(BrowserClient(app), open.Id, fields, query: $"?entry={entry.Id}");
        var (firstStatus, firstHtml) = await ReadAsync(first);
        var (secondStatus, secondHtml) = await ReadAsync(second);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(firstStatus, secondStatus);
        Assert.True(RowByCaseNumber(app.DatabaseFile, CaseNumberOnPage().Match(secondHtml).Groups[1].Value).LikelyDuplicate);
        Assert.DoesNotContain("重复", secondHtml.Replace(fields["Text"], ""));
        Assert.Equal(WithoutWhatDiffers(firstHtml), WithoutWhatDiffers(secondHtml));
    }

    private static string WithoutWhatDiffers(string html) => OwnValues().Replace(html, "#");

    [Fact]
    public async Task Post_Valid_PutsTheReceiptInNoUrl()
    {
        var open = await OpenVillageAsync(app);

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields());
        var (_, html) = await ReadAsync(response);

        var receipt = ReceiptOnPage(html).Replace(" ", "");
        var urls = UrlAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.DoesNotContain(receipt, u.Replace(" ", "").Replace("%20", "").Replace("+", "")));
        Assert.Null(response.Headers.Location);
        Assert.Matches("<form method=\"post\" action=\"/objections/receipt.pdf\"", html);
    }

    [Fact]
    public async Task ReceiptPdf_PostedFromTheReceiptPage_HasTheCaseNumberAndTheSixteenDigits()
    {
        var open = await OpenVillageAsync(app);
        var client = BrowserClient(app);
        var (_, html) = await ReadAsync(await PostObjectionFormAsync(client, open.Id, AnonymousFields()));
        var receipt = ReceiptOnPage(html).Replace(" ", "");
        var caseNumber = CaseNumberOnPage().Match(html).Groups[1].Value;

        var response = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(html),
            ["receipt"] = receipt,
        }), Ct);
        var pdf = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var text = string.Concat(PdfText.Pages(pdf));
        Assert.Contains(caseNumber, text);
        Assert.Contains(receipt, text);
        Assert.Contains("异议受理回执", text);
    }

    [Fact]
    public async Task ReceiptPdf_WrongReceipt_Returns404AndNoPdf()
    {
        var open = await OpenVillageAsync(app);
        var client = BrowserClient(app);
        var (_, html) = await ReadAsync(await PostObjectionFormAsync(client, open.Id, AnonymousFields()));
        var receipt = ReceiptOnPage(html).Replace(" ", "");
        var wrong = (receipt[0] == '9' ? "0" : "9") + receipt[1..];

        var response = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(html),
            ["receipt"] = wrong,
        }), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    // ---- refused: what was typed stays, every error names its field and rule ----

    [Fact]
    public async Task Post_Refused_KeepsWhatThePersonTyped()
    {
        var open = await OpenVillageAsync(app);

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, new Dictionary<string, string>
        {
            ["Category"] = "Favouritism",
            ["Text"] = "村长亲戚 <b>吃低保</b>",
            ["Anonymous"] = "false",
            ["Name"] = "王小明",
            ["Phone"] = "13912345678",
            ["Relation"] = "本村三组村民",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Matches("<textarea id=\"text\"[^>]*>村长亲戚 &lt;b&gt;吃低保&lt;/b&gt;</textarea>", html);
        Assert.Matches("<option value=\"Favouritism\" selected[ >=]", html);
        Assert.Single(Regex.Matches(html, "<option [^>]*selected"));
        Assert.Matches("<input type=\"radio\" name=\"Input.Anonymous\" value=\"false\" checked", html);
        Assert.Matches("<input id=\"name\" name=\"Input.Name\" value=\"王小明\"", html);
        Assert.Matches("<input id=\"phone\" name=\"Input.Phone\" value=\"13912345678\"", html);
        Assert.Matches("<input id=\"relation\" name=\"Input.Relation\" value=\"本村三组村民\"", html);
        Assert.True(HasObjectionForm(html));
    }

    [Fact]
    public async Task Post_Refused_SummaryNamesEachFieldInChineseWithItsRule()
    {
        var open = await OpenVillageAsync(app);

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, new Dictionary<string, string>
        {
            ["Category"] = "",
            ["Text"] = "太短了",
            ["Anonymous"] = "false",
            ["Phone"] = "abc",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("有 6 处需要修改", html);
        Assert.Contains("<a href=\"#category\">异议类别：请选择异议类别。</a>", html);
        Assert.Contains("<a href=\"#text\">异议内容：请至少写 10 个字，说明哪里不对（现在 3 个字）。</a>", html);
        Assert.Contains("<a href=\"#name\">姓名：实名提出时请填写姓名。</a>", html);
        Assert.Contains("<a href=\"#phone\">联系电话：请填写有效的联系电话", html);
        Assert.Contains("<a href=\"#relation\">与本村的关系：请说明您与本村的关系", html);
        Assert.Contains("<a href=\"#consent\">我已阅读并同意隐私说明：请勾选同意隐私说明。</a>", html);
        Assert.Contains("<p class=\"field-error\" id=\"text-error\">请至少写 10 个字", html);
    }

    [Fact]
    public async Task Post_RefusedWithCultureEn_ShowsTheMessagesInEnglish()
    {
        var open = await OpenVillageAsync(app);

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id,
            new Dictionary<string, string> { ["Category"] = "", ["Text"] = "太短了", ["Anonymous"] = "true" }, query: "?culture=en"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("<a href=\"#category\">Category: Choose a category.</a>", html);
        Assert.Contains("What is wrong: Write at least 10 characters about what is wrong (now 3).", html);
        Assert.Contains("Tick the box to agree to the privacy notice.", html);
        Assert.DoesNotContain("请至少写", html);
        Assert.DoesNotContain("请选择异议类别", html);
    }

    // ---- attachments through the form ----

    [Fact]
    public async Task Post_ExecutableNamedPhotoJpg_IsRefusedNamingTheFile()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("伪装照片");

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields(text),
            [new FormFile("photo.jpg", WindowsExecutable, "image/jpeg")]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("附件（照片或PDF）：附件“photo.jpg”不是 JPEG、PNG、WebP、HEIC 照片或 PDF 文件（按文件内容检查，与文件名无关）。", html);
        Assert.Contains("请重新选择", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Post_PngNamedPdf_IsAcceptedAndStoredAsPngUnderAServerName()
    {
        var open = await OpenVillageAsync(app);

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields(),
            [new FormFile("低保名单扫描件.pdf", Png, "application/pdf"), new FormFile("现场.jpg", IdentifyingFiles.Photo(ImageMagick.MagickFormat.Jpeg, 8, 6), "image/jpeg")]));

        Assert.Equal(HttpStatusCode.OK, status);
        var row = RowByCaseNumber(app.DatabaseFile, CaseNumberOnPage().Match(html).Groups[1].Value);
        var stored = AttachmentRows(app.DatabaseFile, row.Id);
        Assert.Equal(["image/png", "image/jpeg"], stored.Select(a => a.ContentType));
        Assert.Matches("^[0-9a-f]{32}\\.png$", stored[0].StoredName);
        Assert.Matches("^[0-9a-f]{32}\\.jpg$", stored[1].StoredName);
        Assert.All(stored, a => Assert.Contains(a.StoredName, AttachmentFiles(app.AttachmentsFolder)));
        Assert.DoesNotContain(AttachmentFiles(app.AttachmentsFolder), f => f.Contains("扫描件") || f.Contains("现场"));
        IdentifyingFiles.AssertCleanImage(await File.ReadAllBytesAsync(Path.Combine(app.AttachmentsFolder, stored[1].StoredName), Ct), ImageMagick.MagickFormat.Jpeg, 8, 6);
    }

    [Fact]
    public async Task Post_HoneypotFilled_IsRefusedAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("机器人");
        var fields = AnonymousFields(text);
        fields["FaxNumber"] = "010-12345678";

        var (status, html) = await ReadAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, fields));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("无法提交，请刷新页面后重试。", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    [GeneratedRegex("恩阳-[0-9]{4}-[0-9]{6}|[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}|[0-9]{16}|(?:[0-9] ){15}[0-9]|name=\"__RequestVerificationToken\" value=\"[^\"]+\"|Blazor-Server-Component-State:[^>]+")]
    private static partial Regex OwnValues();

    [GeneratedRegex("<dt>案件编号</dt>\\s*<dd>\\s*<strong>(恩阳-[0-9]{4}-[0-9]{6})</strong>")]
    private static partial Regex CaseNumberOnPage();

    [GeneratedRegex("(?:href|action|src|formaction)=\"([^\"]*)\"")]
    private static partial Regex UrlAttribute();
}
