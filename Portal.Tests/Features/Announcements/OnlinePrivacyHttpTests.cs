using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// Issue 16, Must have 1 and 2 over HTTP, on the demo: the list past retention (Xindian, 60 days ago) and the
// procedures page; PublicOutputScanTests scans every public output.
public sealed class OnlinePrivacyHttpTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Announcement> PastRetentionAsync()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        var xindian = (await store.SearchAsync(new AnnouncementQuery(VillageCode: DemoDistrict.Townships[3].Villages[1].Code, PageSize: 50), Ct)).Items
            .Single(a => a.Kind == AnnouncementKind.Identification && a.Status == AnnouncementStatus.Finalized);
        Assert.True(xindian.PeriodEnd!.Value.AddDays(30) < ShanghaiTime.Today(DateTimeOffset.UtcNow));
        return xindian;
    }

    [Fact]
    public async Task Notice_PastRetention_IsGoneForThePublic_AndKeptWholeForStaffOfItsRegion()
    {
        var a = await PastRetentionAsync();
        var names = (await app.Services.GetRequiredService<AnnouncementStore>().EntriesAsync(a.Id, Ct)).Select(e => e.Subject).ToList();

        var gone = await app.CreateClient().GetAsync(AnnouncementUrls.Notice(a.Id), Ct);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("不再在网上提供", await gone.Content.ReadAsStringAsync(Ct));

        var staff = await (await StaffClient.SignInAsync(app, "liulin.reviewer")).GetAsync(AnnouncementUrls.StaffNotice(a.Id), Ct);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal("no-store", staff.Headers.CacheControl?.ToString());
        var text = string.Concat(PdfText.Pages(await staff.Content.ReadAsByteArrayAsync(Ct)));
        Assert.All(names, name => Assert.Contains(name, text));

        var elsewhere = await (await StaffClient.SignInAsync(app, "jiuzhen.reviewer")).GetAsync(AnnouncementUrls.StaffNotice(a.Id), Ct);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Page_PastRetention_SaysWhy_HidesTheNoticeLink_AndStaffStillSeeTheNames()
    {
        var a = await PastRetentionAsync();
        var first = (await app.Services.GetRequiredService<AnnouncementStore>().EntriesAsync(a.Id, Ct))[0];

        var html = await app.CreateClient().GetStringAsync(AnnouncementUrls.Detail(a.Id), Ct);
        var english = await app.CreateClient().GetStringAsync($"{AnnouncementUrls.Detail(a.Id)}?culture=en", Ct);

        Assert.Contains("公示期结束已超过 30 天", html);
        Assert.Contains("公示期间保存的开放数据副本", html);
        Assert.DoesNotContain(AnnouncementUrls.Notice(a.Id), html);
        Assert.DoesNotContain(first.Subject, html);
        Assert.Contains($"{first.Subject[0]}＊＊", html);
        Assert.Contains("ended more than 30 days ago", english);

        var staffPage = await (await StaffClient.SignInAsync(app, "liulin.reviewer")).GetStringAsync($"/staff/announcements/{a.Id}", Ct);
        Assert.Contains(first.Subject, staffPage);
        Assert.Contains(AnnouncementUrls.StaffNotice(a.Id), staffPage);
    }

    [Fact]
    public async Task OpenList_KeepsItsNamesAndNotice_ButNotItsHealthCauses()
    {
        var open = (await app.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification);
        await using var db = ObjectionTestKit.OpenDatabase(app.DatabaseFile);
        var listed = (await db.QueryAsync<(string Subject, string Cause)>("SELECT Subject, Cause FROM AnnouncementEntry WHERE AnnouncementId = @id", new { id = open.Id })).ToList();

        var html = await app.CreateClient().GetStringAsync(AnnouncementUrls.Detail(open.Id), Ct);

        Assert.All(listed, e => Assert.Contains(e.Subject, html));
        Assert.Contains(AnnouncementUrls.Notice(open.Id), html);
        Assert.Contains(listed, e => e.Cause is "Illness" or "Disability");
        Assert.DoesNotContain("因病", html);
        Assert.DoesNotContain("因残", html);
        Assert.Contains("不在网上公开", html);
    }

    [Fact]
    public async Task ProceduresPage_ByDefault_SaysHealthCausesAreNotOnline_WithoutAWarning()
    {
        var html = await (await StaffClient.SignInAsync(app, "admin")).GetStringAsync("/staff/admin/procedures", Ct);

        Assert.Contains("不在网上公开（默认）", html);
        Assert.DoesNotContain("health-warning", html);
        Assert.Contains("不适用（公示的是项目，不是人员）", html);
    }
}

// A district that opts in to publishing health causes online for identification: warned, and published.
public sealed class HealthCausesOptInTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new() { Settings = OptIn() };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> OptIn()
    {
        var settings = new Dictionary<string, string>();
        var stages = new[] { ("VillagePublicity", "TownshipReviewer"), ("TownshipPublicity", "TownshipReviewer"), ("DistrictNotice", "DistrictReviewer") };
        for (var i = 0; i < stages.Length; i++)
        {
            settings[$"Procedures:Identification:Stages:{i}:Level"] = stages[i].Item1;
            settings[$"Procedures:Identification:Stages:{i}:Name"] = $"AnnouncementStage.{stages[i].Item1}";
            settings[$"Procedures:Identification:Stages:{i}:PublishedBy"] = stages[i].Item2;
            settings[$"Procedures:Identification:Stages:{i}:MinimumPeriod:Count"] = "7";
        }
        string[] fields = ["GroupName", "Subject", "Size", "Attribute", "Cause"];
        for (var i = 0; i < fields.Length; i++)
        {
            settings[$"Procedures:Identification:OnlineFields:{i}"] = fields[i];
            settings[$"Procedures:Identification:NoticeFields:{i}"] = fields[i];
        }
        settings["Procedures:Identification:PublishHealthCausesOnline"] = "true";
        return settings;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task OptIn_WarnsOnTheProceduresPage_AndPublishesTheCause()
    {
        var admin = await (await StaffClient.SignInAsync(app, "admin")).GetStringAsync("/staff/admin/procedures", Ct);
        Assert.Contains("data-test=\"health-warning\"", admin);
        Assert.Contains("Procedures:Identification:PublishHealthCausesOnline", admin);

        var open = (await app.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification);
        var entries = await app.Services.GetRequiredService<AnnouncementStore>().EntriesAsync(open.Id, Ct);
        Assert.Contains(entries, e => e.Cause is "Illness" or "Disability");
        var html = await app.CreateClient().GetStringAsync(AnnouncementUrls.Detail(open.Id), Ct);
        Assert.True(html.Contains("因病", StringComparison.Ordinal) || html.Contains("因残", StringComparison.Ordinal));
    }
}
