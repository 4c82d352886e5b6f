using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// POST /api/v1/objections and /api/v1/objections/track (SPEC §4) against the demo district.
public sealed class ObjectionApiTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => app.CreateClient();

    private Task<Announcement> VillageStageAsync() =>
        OpenAsync(app, a => a.Stage == AnnouncementStage.VillagePublicity && a.Kind == AnnouncementKind.Identification);

    // ---- accepted ----

    [Fact]
    public async Task Submit_ValidJson_Returns201WithCaseNumberAndSixteenDigitReceipt()
    {
        var open = await VillageStageAsync();

        var response = await PostApiAsync(Client(), AnonymousBody(open.Id));
        var json = await CreatedAsync(response);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches($"^恩阳-{DateTime.UtcNow.Year}-[0-9]{{6}}$", json.GetProperty("caseNumber").GetString());
        Assert.Matches("^[0-9]{16}$", json.GetProperty("receipt").GetString());
        Assert.Equal("Received", json.GetProperty("status").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Submit_TwoObjections_GetDifferentCaseNumbersAndReceipts()
    {
        var open = await VillageStageAsync();

        var first = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id)));
        var second = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id)));

        Assert.NotEqual(first.GetProperty("caseNumber").GetString(), second.GetProperty("caseNumber").GetString());
        Assert.NotEqual(first.GetProperty("receipt").GetString(), second.GetProperty("receipt").GetString());
    }

    [Fact]
    public async Task Submit_Accepted_StoresTheReceiptOnlyAsA64HexKeyedHash()
    {
        var open = await VillageStageAsync();
        var json = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id)));
        var receipt = json.GetProperty("receipt").GetString()!;

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);

        Assert.Matches("^[0-9a-f]{64}$", row.ReceiptHash);
        Assert.Equal(app.Services.GetRequiredService<PersonalDataProtector>().Hash(ObjectionIntake.ReceiptPurpose, receipt), row.ReceiptHash);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(receipt))), row.ReceiptHash);
        AssertNowhereInDatabase(app.DatabaseFile, receipt, ObjectionRules.Grouped(receipt));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AssertNowhereInDatabase(app.DatabaseFile, receipt, ObjectionRules.Grouped(receipt));
    }

    // ---- the period ----

    [Fact]
    public async Task Submit_ClosedAnnouncement_Returns409ProblemNamingThePeriodAndSavesNothing()
    {
        var closed = await ClosedAsync(app);
        var before = ObjectionRows(app.DatabaseFile, closed.Id);

        var response = await PostApiAsync(Client(), AnonymousBody(closed.Id));
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var title = problem.GetProperty("title").GetString();
        Assert.Contains(AnnouncementText.Date(closed.PeriodStart!.Value), title);
        Assert.Contains(AnnouncementText.Date(closed.PeriodEnd!.Value), title);
        Assert.Contains("只在公示期内", title);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(0, before);
        Assert.Equal(0, ObjectionRows(app.DatabaseFile, closed.Id));
    }

    [Fact]
    public async Task Submit_UnknownAnnouncement_Returns404Problem()
    {
        var response = await PostApiAsync(Client(), AnonymousBody(987654321));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("公示不存在或尚未发布。", (await JsonAsync(response)).GetProperty("title").GetString());
    }

    // ---- refused input ----

    [Fact]
    public async Task Submit_InvalidJson_Returns400ProblemListingEachBadField()
    {
        var open = await VillageStageAsync();
        var before = ObjectionRows(app.DatabaseFile, open.Id);

        var response = await PostApiAsync(Client(), new
        {
            announcementId = open.Id,
            category = "NotACategory",
            text = "太短了",
            anonymous = false,
            name = "",
            phone = "abc",
            relation = " ",
            consent = false,
        });
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["category", "consent", "name", "phone", "relation", "text"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("请选择异议类别。", errors.GetProperty("category")[0].GetString());
        Assert.Equal("请至少写 10 个字，说明哪里不对（现在 3 个字）。", errors.GetProperty("text")[0].GetString());
        Assert.Equal("请勾选同意隐私说明。", errors.GetProperty("consent")[0].GetString());
        Assert.Equal("实名提出时请填写姓名。", errors.GetProperty("name")[0].GetString());
        Assert.Contains("联系电话", errors.GetProperty("phone")[0].GetString());
        Assert.Contains("与本村的关系", errors.GetProperty("relation")[0].GetString());
        Assert.Equal(before, ObjectionRows(app.DatabaseFile, open.Id));
    }

    [Fact]
    public async Task Submit_NulInText_Returns400OnTheTextField()
    {
        var open = await VillageStageAsync();

        var response = await PostApiAsync(Client(), AnonymousBody(open.Id, "该户家里有小汽车\0不符合识别条件。"));
        var errors = (await JsonAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text", Assert.Single(errors.EnumerateObject()).Name);
        Assert.Contains("控制字符", errors.GetProperty("text")[0].GetString());
    }

    [Fact]
    public async Task Submit_FiveThousandEmoji_IsAcceptedAndOneMoreIsRefused()
    {
        var open = await VillageStageAsync();

        var accepted = await PostApiAsync(Client(), AnonymousBody(open.Id, string.Concat(Enumerable.Repeat("😀", 5000))));
        var refused = await PostApiAsync(Client(), AnonymousBody(open.Id, string.Concat(Enumerable.Repeat("😀", 5001))));

        await CreatedAsync(accepted);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("最多 5000 个字（现在 5001 个字），请精简，或把材料作为附件上传。",
            (await JsonAsync(refused)).GetProperty("errors").GetProperty("text")[0].GetString());
    }

    [Fact]
    public async Task Submit_Honeypot_IsRefusedAndSavesNothing()
    {
        var open = await VillageStageAsync();
        var text = UniqueText("蜜罐");

        var response = await PostApiAsync(Client(), new { announcementId = open.Id, category = "Other", text, anonymous = true, consent = true, website = "http://spam.example" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("form", out _));
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Submit_NeitherJsonNorMultipart_Returns415NamingTheBody()
    {
        var response = await Client().PostAsync("/api/v1/objections", new StringContent("announcementId=1", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("body", out _));
    }

    // ---- attachments over multipart ----

    [Fact]
    public async Task Submit_MultipartWithTwoAttachments_Returns201AndStoresTwoAttachmentRowsAndFiles()
    {
        var open = await VillageStageAsync();

        var json = await CreatedAsync(await PostApiMultipartAsync(Client(), open.Id, UniqueText(),
            [new FormFile("房子.jpg", Jpeg, "image/jpeg"), new FormFile("证明.pdf", Pdf, "application/pdf")]));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        var attachments = AttachmentRows(app.DatabaseFile, row.Id);
        Assert.Equal(["image/jpeg", "application/pdf"], attachments.Select(a => a.ContentType));
        Assert.All(attachments, a => Assert.True(File.Exists(Path.Combine(app.AttachmentsFolder, a.StoredName)), a.StoredName));
        // What is kept is the photo encoded afresh (AttachmentSanitizer), not the bytes sent.
        IdentifyingFiles.AssertCleanImage(await File.ReadAllBytesAsync(Path.Combine(app.AttachmentsFolder, attachments[0].StoredName), Ct), ImageMagick.MagickFormat.Jpeg, 1, 1);
    }

    [Fact]
    public async Task Submit_Attachment_IsStoredUnderAServerGeneratedNameNeverTheUploadedOne()
    {
        var open = await VillageStageAsync();
        const string uploaded = "村主任家的新房子-2026.png";

        var json = await CreatedAsync(await PostApiMultipartAsync(Client(), open.Id, UniqueText(), [new FormFile(uploaded, Png, "image/png")]));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        var stored = Assert.Single(AttachmentRows(app.DatabaseFile, row.Id));
        Assert.Matches("^[0-9a-f]{32}\\.png$", stored.StoredName);
        Assert.Contains(stored.StoredName, AttachmentFiles(app.AttachmentsFolder));
        Assert.DoesNotContain(AttachmentFiles(app.AttachmentsFolder), f => f.Contains("村主任") || f.Contains("新房子"));
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM ObjectionAttachment WHERE StoredName LIKE '%新房子%'"));
    }

    [Fact]
    public async Task Submit_PngNamedPdf_IsAcceptedAsThePngItsBytesSay()
    {
        var open = await VillageStageAsync();

        var json = await CreatedAsync(await PostApiMultipartAsync(Client(), open.Id, UniqueText(), [new FormFile("扫描件.pdf", Png, "application/pdf")]));

        var stored = Assert.Single(AttachmentRows(app.DatabaseFile, RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!).Id));
        Assert.Equal("image/png", stored.ContentType);
        Assert.EndsWith(".png", stored.StoredName);
    }

    [Theory]
    [InlineData("photo.jpg", "mz")]
    [InlineData("photo.jpg", "elf")]
    public async Task Submit_ExecutableNamedPhotoJpg_Returns400NamingTheFileAndStoresNothing(string name, string kind)
    {
        var open = await VillageStageAsync();
        var text = UniqueText("可执行文件");
        var bytes = kind == "mz" ? WindowsExecutable : Elf;

        var response = await PostApiMultipartAsync(Client(), open.Id, text, [new FormFile(name, bytes, "image/jpeg")]);
        var errors = (await JsonAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"附件“{name}”不是 JPEG、PNG、WebP、HEIC 照片或 PDF 文件（按文件内容检查，与文件名无关）。", Assert.Single(errors.GetProperty("attachments").EnumerateArray()).GetString());
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Submit_SixAttachments_Returns400OnAttachments()
    {
        var open = await VillageStageAsync();

        var response = await PostApiMultipartAsync(Client(), open.Id, UniqueText(), [.. Enumerable.Range(1, 6).Select(i => new FormFile($"{i}.png", Png, "image/png"))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("最多上传 5 个附件。", (await JsonAsync(response)).GetProperty("errors").GetProperty("attachments")[0].GetString());
    }

    // ---- duplicates ----

    [Fact]
    public async Task Submit_SameTextOnTheSameEntryTwice_SecondIsFlaggedForStaffButAnsweredExactlyLikeTheFirst()
    {
        var open = await VillageStageAsync();
        var entry = await FirstEntryAsync(app, open.Id);
        var text = UniqueText("重复");

        var firstResponse = await PostApiAsync(Client(), AnonymousBody(open.Id, text, entryId: entry.Id));
        var secondResponse = await PostApiAsync(Client(), AnonymousBody(open.Id, text, entryId: entry.Id));
        var first = await CreatedAsync(firstResponse);
        var second = await CreatedAsync(secondResponse);

        // Only the case number and the receipt differ: nothing tells the second sender that someone sent the same text.
        Assert.Equal(firstResponse.StatusCode, secondResponse.StatusCode);
        Assert.Equal(first.EnumerateObject().Select(p => p.Name), second.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["caseNumber", "receipt", "status"], second.EnumerateObject().Select(p => p.Name));
        Assert.Equal(first.GetProperty("status").GetString(), second.GetProperty("status").GetString());
        Assert.False(RowByCaseNumber(app.DatabaseFile, first.GetProperty("caseNumber").GetString()!).LikelyDuplicate);
        Assert.True(RowByCaseNumber(app.DatabaseFile, second.GetProperty("caseNumber").GetString()!).LikelyDuplicate);
    }

    [Fact]
    public async Task Submit_DifferentTextOnTheSameEntry_IsNotFlagged()
    {
        var open = await VillageStageAsync();
        var entry = await FirstEntryAsync(app, open.Id);
        await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, UniqueText("甲"), entryId: entry.Id)));

        var other = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, UniqueText("乙"), entryId: entry.Id)));

        Assert.False(RowByCaseNumber(app.DatabaseFile, other.GetProperty("caseNumber").GetString()!).LikelyDuplicate);
    }

    // ---- routing, as stored ----

    [Fact]
    public async Task Submit_VillageStageAnnouncement_IsQueuedForItsTownship()
    {
        var open = await VillageStageAsync();

        var json = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, category: "WronglyIncluded")));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        Assert.Equal("Township", row.Queue);
        Assert.Equal(open.RegionCode[..9] + "000", row.QueueRegionCode);
        Assert.Contains(DemoDistrict.Townships, t => t.Code == row.QueueRegionCode);
    }

    [Fact]
    public async Task Submit_TownshipStageAnnouncement_IsQueuedForItsTownship()
    {
        var open = await OpenAsync(app, a => a.Stage == AnnouncementStage.TownshipPublicity);

        var json = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, category: "FalseExit")));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        Assert.Equal("Township", row.Queue);
        Assert.Equal(open.RegionCode[..9] + "000", row.QueueRegionCode);
    }

    [Fact]
    public async Task Submit_Favouritism_IsQueuedForTheDistrictsDisciplineInspection()
    {
        var open = await VillageStageAsync();

        var json = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, category: "Favouritism")));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        Assert.Equal("DisciplineInspection", row.Queue);
        Assert.Equal("511903000000", row.QueueRegionCode);
    }

    // ---- tracking ----

    [Fact]
    public async Task Track_Receipt_ReturnsCaseNumberTextStatusAndTimeline()
    {
        var open = await VillageStageAsync();
        var text = UniqueText("查询");
        var created = await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id, text)));
        var receipt = created.GetProperty("receipt").GetString()!;

        var response = await TrackApiAsync(Client(), ObjectionRules.Grouped(receipt));
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.GetProperty("caseNumber").GetString(), json.GetProperty("caseNumber").GetString());
        Assert.Equal(text, json.GetProperty("text").GetString());
        Assert.Equal("Received", json.GetProperty("status").GetString());
        Assert.Equal(open.Id, json.GetProperty("announcementId").GetInt64());
        var first = Assert.Single(json.GetProperty("timeline").EnumerateArray());
        Assert.Equal("Received", first.GetProperty("kind").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(receipt, json.ToString());
    }

    [Theory]
    [InlineData("0000 0000 0000 0000")]
    [InlineData("12345")]
    [InlineData("not a receipt")]
    public async Task Track_WrongOrInvalidReceipt_Returns404WithTheOneGenericMessage(string receipt)
    {
        var response = await TrackApiAsync(Client(), receipt);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("没有找到与该回执号对应的异议，请核对后重试。", (await JsonAsync(response)).GetProperty("title").GetString());
    }
}
