using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// GET /api/v1/procedures, the stage list in the announcement API, and the administrators' read-only page, against the demo.
public sealed class ProcedureApiTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> JsonAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    private static JsonElement Kind(JsonElement procedures, string kind) =>
        procedures.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task Procedures_ListEveryKind_MonitoringInclusionWithOnePublicityOfAtLeastFiveDays_RiskEliminationWithSevenDaysInTheVillage()
    {
        var procedures = await JsonAsync("/api/v1/procedures");

        Assert.Equal(Enum.GetNames<AnnouncementKind>(), procedures.EnumerateArray().Select(p => p.GetProperty("kind").GetString()));
        var inclusion = Kind(procedures, "MonitoringInclusion").GetProperty("stages").EnumerateArray().ToList();
        var posted = Assert.Single(inclusion, s => s.GetProperty("publicity").GetBoolean());
        Assert.Equal("VillagePublicity", posted.GetProperty("level").GetString());
        Assert.True(posted.GetProperty("minimumPeriod").GetProperty("count").GetInt32() >= 5);
        Assert.Equal(["村级公示", "乡镇初审", "区级审定"], inclusion.Select(s => s.GetProperty("name").GetString()));
        Assert.All(inclusion.Where(s => !s.GetProperty("publicity").GetBoolean()), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("minimumPeriod").ValueKind));

        var elimination = Kind(procedures, "RiskElimination").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal("VillagePublicity", elimination[0].GetProperty("level").GetString());
        Assert.Equal(7, elimination[0].GetProperty("minimumPeriod").GetProperty("count").GetInt32());
        Assert.Equal("CalendarDays", elimination[0].GetProperty("minimumPeriod").GetProperty("unit").GetString());
        Assert.Equal("TownshipReviewer", elimination[0].GetProperty("publishedBy").GetString());
        Assert.Equal([true, false, true], elimination.Select(s => s.GetProperty("publicity").GetBoolean()));

        var exit = Kind(procedures, "Exit");
        Assert.Contains("incomePerCapita", exit.GetProperty("onlineFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(30, exit.GetProperty("onlineRetentionDays").GetInt32());
        Assert.False(exit.GetProperty("publishHealthCausesOnline").GetBoolean());
        Assert.DoesNotContain("cause", Kind(procedures, "MonitoringInclusion").GetProperty("noticeFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task AnnouncementApi_CarriesTheKindsStageList()
    {
        var open = (await app.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.MonitoringInclusion);

        var detail = await JsonAsync($"/api/v1/announcements/{open.Id}");

        Assert.Equal(["VillagePublicity", "TownshipPublicity", "DistrictNotice"],
            detail.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("level").GetString()));
        Assert.Equal([true, false, false], detail.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("publicity").GetBoolean()));
    }

    [Fact]
    public async Task TheDemosTownshipCheck_IsOnNoPublicListNorPage()
    {
        var actor = new Portal.Features.Accounts.StaffActor(0, "t", Portal.Features.Accounts.StaffRole.DistrictReviewer,
            Portal.Features.Regions.RegionScope.Of(Portal.Features.Demo.DemoDistrict.DistrictCode));
        var check = (await app.Services.GetRequiredService<AnnouncementStore>().SearchForStaffAsync(
            new AnnouncementQuery(Kind: AnnouncementKind.RiskElimination, Stage: AnnouncementStage.TownshipPublicity), actor, Ct)).Items.Single(a => a.Status == AnnouncementStatus.Draft);

        var list = await JsonAsync("/api/v1/announcements?kind=RiskElimination&pageSize=100");
        var client = app.CreateClient();

        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetInt64() == check.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/announcements/{check.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/announcements/{check.Id}/notice.pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/announcements/{check.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AdminPage_ShowsEveryProcedure_InChineseAndEnglish()
    {
        var admin = await StaffClient.SignInAsync(app, "admin");

        var html = await admin.GetStringAsync("/staff/admin/procedures", Ct);

        Assert.Contains("纳入防止返贫致贫对象", html);
        Assert.Contains("乡镇初审", html);
        Assert.Contains("不公示（仅审核）", html);
        Assert.Contains("5 个自然日", html);
        Assert.Contains("防止返贫致贫对象风险消除", html);
        Assert.All(Enum.GetNames<AnnouncementKind>(), kind => Assert.Contains($"data-kind=\"{kind}\"", html));

        var english = await admin.GetStringAsync("/staff/admin/procedures?culture=en", Ct);
        Assert.Contains("Township first check", english);
        Assert.Contains("Not published (check only)", english);
    }

    [Fact]
    public async Task AdminPage_ForAClerk_Is403()
    {
        var clerk = await StaffClient.SignInAsync(app, "guihua.clerk");

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/staff/admin/procedures", Ct)).StatusCode);
    }
}
