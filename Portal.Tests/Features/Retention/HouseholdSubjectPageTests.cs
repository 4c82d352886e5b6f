using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Objections;
using Portal.Features.Retention;
using Portal.Features.Retention.Staff;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;
using UglyToad.PdfPig;

namespace Portal.Tests.Features.Retention;

// The data-subject page and its PDF over real HTTP on the demo district: the Hongqi household of HouseholdSubjectsTests
// with a named objection on its township line.
public sealed class HouseholdSubjectPageTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();
    private long household;
    private string caseNumber = "";
    private Announcement township = null!;
    private Announcement corrected = null!;
    private Announcement first = null!;

    // AnnouncementStatus.Superseded in zh-CN.
    private const string Superseded = "已被更正版本取代";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        (household, township, corrected, first) = await HouseholdSubjectsTests<SqliteEngine>.HongqiAsync(store);
        caseNumber = await HouseholdSubjectsTests<SqliteEngine>.ObjectAsync(app.Services.GetRequiredService<ObjectionIntake>(), store, township, household);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<(string HeadName, string IdNumber, string? Phone)> StoredAsync(long id)
    {
        await using var c = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync(Ct);
        var (name, idCipher, phoneCipher) = await c.QuerySingleAsync<(string, string, string?)>(
            "SELECT HeadName, IdNumberCipher, PhoneCipher FROM Household WHERE Id = @id", new { id });
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        return (name, protector.Unprotect(idCipher), phoneCipher is null ? null : protector.Unprotect(phoneCipher));
    }

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) =>
        (await app.Services.GetRequiredService<AuditLog>().SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    // A household on the demo's list past online retention (Xindian, 60 days ago): the page says its name is masked online
    // now, while the household's own page keeps it whole.
    [Fact]
    public async Task Page_OfAHouseholdOnAListPastRetention_SaysItsNameIsMaskedOnline()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        var xindian = (await store.SearchAsync(new AnnouncementQuery(VillageCode: Portal.Features.Demo.DemoDistrict.Townships[3].Villages[1].Code, PageSize: 50), Ct)).Items
            .Single(a => a.Kind == AnnouncementKind.Identification && a.Status == AnnouncementStatus.Finalized);
        var entry = (await store.EntriesAsync(xindian.Id, Ct))[0];
        var client = await StaffClient.SignInAsync(app, "liulin.reviewer");

        var body = await client.GetStringAsync(HouseholdSubjectPage.Url(entry.HouseholdId!.Value), Ct);
        var hongqi = await client.GetStringAsync(HouseholdSubjectPage.Url(household), Ct);

        Assert.Contains("已隐去，只留姓氏", body);
        Assert.Contains(entry.Subject, body);
        Assert.DoesNotContain("已隐去，只留姓氏", hongqi);
    }

    [Fact]
    public async Task Page_ForStaffOfTheTownship_ListsEveryVersionAndTheCaseNumber_MasksTheIdNumber_NeverNamesTheComplainant_AndIsAudited()
    {
        var (name, idNumber, phone) = await StoredAsync(household);
        var client = await StaffClient.SignInAsync(app, "liulin.reviewer");

        var body = await client.GetStringAsync(HouseholdSubjectPage.Url(household), Ct);

        Assert.Contains(name, body);
        Assert.Contains($"第 {corrected.Version} 版（更正前一版）", body);
        Assert.Contains(AnnouncementUrls.Detail(first.Id), body);
        Assert.Contains(AnnouncementUrls.Detail(corrected.Id), body);
        Assert.Contains(AnnouncementUrls.Detail(township.Id), body);
        Assert.Contains(Superseded, body);
        Assert.Contains(caseNumber, body);
        Assert.Contains("异议 1 件", body);
        Assert.Contains(idNumber[..6] + "********" + idNumber[^4..], body);
        Assert.DoesNotContain(idNumber, body);
        if (phone is not null) Assert.DoesNotContain(phone, body);
        Assert.DoesNotContain(HouseholdSubjectsTests<SqliteEngine>.Complainant, body);
        Assert.DoesNotContain("13900004444", body);
        Assert.Contains(HouseholdSubjectPage.PdfUrl(household), body);
        var viewed = Assert.Single(await EventsAsync(HouseholdSubjects.Viewed));
        Assert.Equal(("liulin.reviewer", $"household:{household}"), (viewed.Actor, viewed.Subject));
    }

    [Fact]
    public async Task PageAndPdf_HouseholdNeverPublished_SaySo_InChineseAndEnglish()
    {
        long quiet;
        await using (var c = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync(Ct))
        {
            quiet = await c.ExecuteScalarAsync<long>("""
                SELECT MIN(h.Id) FROM Household h
                 WHERE h.TownshipCode = '511903102000'
                   AND NOT EXISTS (SELECT 1 FROM AnnouncementEntry e WHERE e.HouseholdId = h.Id)
                   AND NOT EXISTS (SELECT 1 FROM AssistanceMeasure m WHERE m.HouseholdId = h.Id)
                """);
        }
        var client = await StaffClient.SignInAsync(app, "liulin.reviewer");

        var body = await client.GetStringAsync(HouseholdSubjectPage.Url(quiet), Ct);

        Assert.Contains("该户从未出现在任何已发布的公示中。", body);
        Assert.Contains("尚无帮扶措施。", body);
        Assert.Contains("没有关于该户的异议或反映。", body);

        await client.GetAsync("/culture/en?returnUrl=%2Fstaff", Ct);
        var english = await client.GetStringAsync(HouseholdSubjectPage.Url(quiet), Ct);
        var pdf = string.Concat(PdfText.Pages(await client.GetByteArrayAsync(HouseholdSubjectPage.PdfUrl(quiet), Ct)));

        Assert.Contains("Never published: the household is in no published announcement.", english);
        Assert.Contains("No assistance measures yet.", english);
        Assert.Contains("Neverpublished:thehouseholdisinnopublishedannouncement.", pdf);
    }

    [Fact]
    public async Task PageAndPdf_ForStaffOfAnotherTownship_ShowNothing_ForAnonymous_RedirectToSignIn()
    {
        var (name, _, _) = await StoredAsync(household);
        var other = await StaffClient.SignInAsync(app, "jiuzhen.reviewer");
        var anonymous = await StaffClient.SignInAsync(app, null);

        var page = await other.GetAsync(HouseholdSubjectPage.Url(household), Ct);
        var pdf = await other.GetAsync(HouseholdSubjectPage.PdfUrl(household), Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(name, await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        foreach (var url in new[] { HouseholdSubjectPage.Url(household), HouseholdSubjectPage.PdfUrl(household) })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/staff/login", response.Headers.Location?.PathAndQuery);
        }
        Assert.Empty(await EventsAsync(HouseholdSubjects.Viewed));
        Assert.Empty(await EventsAsync(HouseholdSubjects.Exported));
    }

    [Fact]
    public async Task Pdf_ListsTheAnnouncementsAndTheCase_ItsMetadataNamesNoOne_AndTheExportIsAudited()
    {
        var (name, idNumber, phone) = await StoredAsync(household);
        var client = await StaffClient.SignInAsync(app, "liulin.reviewer");

        var response = await client.GetAsync(HouseholdSubjectPage.PdfUrl(household), Ct);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = string.Concat(PdfText.Pages(bytes));
        Assert.Contains(name, text);
        foreach (var a in new[] { first, corrected, township }) Assert.Contains(Squeeze(a.Title), text);
        Assert.Contains("第2版（更正前一版）", text);
        Assert.Contains(caseNumber, text);
        Assert.Contains(idNumber[..6] + "********" + idNumber[^4..], text);
        Assert.DoesNotContain(idNumber, text);
        if (phone is not null) Assert.DoesNotContain(phone, text);
        Assert.DoesNotContain(HouseholdSubjectsTests<SqliteEngine>.Complainant, text);
        // The XMP packet is plain UTF-8; the Info dictionary PdfPig reads below.
        var raw = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain(name, raw);
        Assert.DoesNotContain(idNumber, raw);
        using var document = PdfDocument.Open(bytes);
        var info = document.Information;
        var metadata = string.Join("|", info.Title, info.Author, info.Subject, info.Keywords, info.Creator, info.Producer);
        Assert.DoesNotContain(name, metadata);
        Assert.DoesNotContain(idNumber, metadata);
        Assert.DoesNotContain(idNumber[^4..], metadata);
        Assert.Equal("农户个人信息查阅复制件", info.Title);
        var exported = Assert.Single(await EventsAsync(HouseholdSubjects.Exported));
        Assert.Equal(("liulin.reviewer", $"household:{household}"), (exported.Actor, exported.Subject));
        Assert.DoesNotContain(name, exported.Data);
    }

    [Fact]
    public async Task HouseholdPage_LinksToTheSubjectView()
    {
        var client = await StaffClient.SignInAsync(app, "liulin.reviewer");

        var body = await client.GetStringAsync(Portal.Features.Assistance.Staff.HouseholdPage.Url(household), Ct);

        Assert.Contains($"href=\"{HouseholdSubjectPage.Url(household)}\"", body);
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
