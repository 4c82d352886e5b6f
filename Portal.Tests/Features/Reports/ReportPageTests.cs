using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Reports;
using Portal.Features.Reports.Staff;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Reports;

// The township reviewer includes a visited report from its page: the household named in the report offered first, the
// others of the village a search away, the type and the risk; a refusal keeps every choice, and the included report
// links to the household's monitoring case.
public sealed class ReportPageTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    private static readonly DemoDistrict.Township Yuxi = DemoDistrict.Townships[0];
    private static readonly string Guihua = Yuxi.Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(Yuxi.Code));

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(300);
        UseDatabase(database);
        Services.AddSingleton<TimeProvider>(database.Clock);
        var auth = AddAuthorization();
        auth.SetAuthorized(Reviewer.UserName);
        auth.SetRoles(nameof(StaffRole.TownshipReviewer));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(PortalClaims.Region, Yuxi.Code));
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private ReportStore Reports => database.Services.GetRequiredService<ReportStore>();

    private async Task<long> VisitedReportAsync(string subject) =>
        (await ReportTestKit.VisitedReportAsync(Reports, Reviewer, Guihua, subject, new DateTime(2026, 11, 17, 16, 30, 0, DateTimeKind.Utc))).Id;

    private IRenderedComponent<ReportPage> RenderPage(long id)
    {
        var page = Render<ReportPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".report-inclusion")));
        return page;
    }

    private static AngleSharp.Dom.IElement Radio(IRenderedComponent<ReportPage> page, string attribute, object value) =>
        page.Find($"input[type=radio][{attribute}=\"{value}\"]");

    private static void Click(IRenderedComponent<ReportPage> page, string dataFor) => page.Find($"button[data-for={dataFor}]").Click();

    private long CasesOf(long household) => Scalar(database.File, "SELECT COUNT(*) FROM MonitoringCase WHERE HouseholdId = $h", ("$h", household));

    [Fact]
    public async Task Include_RefusedForNoRisk_KeepsTheChoices_ThenIncluded_LinksToTheMonitoringCase()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var id = await VisitedReportAsync(household.HeadName);
        var page = RenderPage(id);

        // The household whose head has the reported name comes first, marked, and chosen; the first clue is the receipt day.
        var first = page.FindAll(".household-choice .mud-radio").First();
        Assert.Contains(household.HeadName, first.TextContent);
        Assert.Contains("与反映的户主姓名相同", first.TextContent);
        Assert.Contains("2026-11-18", page.Find(".report-inclusion").TextContent);
        Radio(page, "data-type", nameof(MonitoringType.MarginalAtRisk)).Click();
        Click(page, "Include");

        page.WaitForAssertion(() => Assert.Contains("风险情况（仅工作人员可见）：请填写风险情况。", page.Find("[role=alert]").TextContent));
        Assert.Equal(0, CasesOf(household.Id));
        Assert.True(Radio(page, "data-household", household.Id).HasAttribute("checked"));
        Assert.True(Radio(page, "data-type", nameof(MonitoringType.MarginalAtRisk)).HasAttribute("checked"));

        page.Find("textarea[data-for=risk]").Change("务工收入中断，家中老人长期服药");
        Click(page, "Include");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".monitoring-link a")));
        Assert.Equal($"/staff/households/{household.Id}#monitoring-section", page.Find(".monitoring-link a").GetAttribute("href"));
        Assert.Contains("边缘易致贫户", page.Find(".monitoring-link").TextContent);
        Assert.Contains("已纳入监测", page.Markup);
        Assert.Empty(page.FindAll(".report-inclusion"));
        Assert.Equal(1, CasesOf(household.Id));
    }

    [Fact]
    public async Task Search_FindsOtherHouseholdsOfTheVillageOnly()
    {
        var named = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var other = (await database.Households.SearchAsync(new HouseholdQuery(VillageCode: Guihua, PageSize: 200), Ct)).Items
            .First(h => h.HeadName != named.HeadName && !h.HeadName.Contains(named.HeadName));
        var elsewhere = (await database.Households.SearchAsync(new HouseholdQuery(VillageCode: Yuxi.Villages[1].Code, PageSize: 200), Ct)).Items
            .First(h => !h.HeadName.Contains(other.HeadName));
        var page = RenderPage(await VisitedReportAsync(named.HeadName));
        Assert.DoesNotContain(other.HeadName, page.Find(".household-choice").TextContent);

        page.Find("input[data-for=household-search]").Change(other.HeadName);
        Click(page, "household-search-button");
        page.WaitForAssertion(() => Assert.Contains(other.HeadName, page.Find(".household-choice").TextContent));

        page.Find("input[data-for=household-search]").Change(elsewhere.HeadName);
        Click(page, "household-search-button");
        page.WaitForAssertion(() => Assert.DoesNotContain($"data-household=\"{elsewhere.Id}\"", page.Markup));
    }

    [Fact]
    public async Task MonitoringSection_OfTheIncludedHousehold_NamesTheReportTheClueCameFrom()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var id = await VisitedReportAsync(household.HeadName);
        var report = (await Reports.GetAsync(id, Reviewer, Ct))!.Report;
        Assert.True((await Reports.ActAsync(id, report.Concurrency, ReportAction.Include, Reviewer, null,
            new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "房屋垮塌"), Ct)).IsAllowed);

        var section = Render<Portal.Features.Households.Staff.MonitoringSection>(p => p
            .Add(x => x.HouseholdId, household.Id).Add(x => x.VillageCode, Guihua).Add(x => x.Actor, Reviewer));

        section.WaitForAssertion(() => Assert.Contains($"来自反映 {report.CaseNumber}", section.Find(".report-source").TextContent));
        Assert.Contains("2026-11-18", section.Markup);
    }
}
