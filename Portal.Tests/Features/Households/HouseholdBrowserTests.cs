using System.Globalization;
using Bunit;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Tests.TestInfrastructure;

using Portal.Features.Households.Staff;

namespace Portal.Tests.Features.Households;

public sealed class HouseholdBrowserTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(300);
        UseDatabase(database);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Browser_TownshipReviewer_SeesOnlyHouseholdsOfTheTownship()
    {
        var yuxi = DemoDistrict.Townships[0];
        SignIn("yuxi.reviewer", "TownshipReviewer", yuxi.Code);
        var expected = await database.Households.SearchAsync(new HouseholdQuery(TownshipCode: yuxi.Code), Xunit.TestContext.Current.CancellationToken);
        RenderProviders();

        var page = Render<HouseholdBrowser>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr").Count));
        var villagesShown = page.FindAll("tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).Distinct().ToList();
        Assert.All(villagesShown, v => Assert.Contains(v, yuxi.Villages.Select(x => x.Name)));
        Assert.Contains(expected.Items[0].HeadName, page.Markup);
        Assert.Contains($"第 1–25 条，共 {expected.Matches} 条", page.Markup);
    }

    [Fact]
    public void Browser_SearchByName_NarrowsTheTable()
    {
        SignIn("inspector", "DisciplineInspector", DemoDistrict.DistrictCode);
        RenderProviders();
        var page = Render<HouseholdBrowser>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr td")));
        var name = page.Find("tbody tr td").TextContent.Trim();

        page.Find("input").Input(name);

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.Contains(name, n));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Browser_NeverShowsIdOrPhoneNumbers()
    {
        SignIn("inspector", "DisciplineInspector", DemoDistrict.DistrictCode);
        RenderProviders();

        var page = Render<HouseholdBrowser>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr").Count));
        // MudBlazor's element ids are random GUIDs, whose digit runs can look like a phone number.
        var shown = System.Text.RegularExpressions.Regex.Replace(page.Markup, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "");
        Assert.DoesNotMatch(@"\d{17}[\dXx]", shown);
        Assert.DoesNotMatch(@"1[3578]\d{9}", shown);
    }

    [Fact]
    public void Browser_UserWithoutRegion_IsToldAndSeesNoHouseholds()
    {
        SignIn("someone", "VillageClerk", null);
        RenderProviders();

        var page = Render<HouseholdBrowser>();

        Assert.Contains("未设置辖区", page.Markup);
        Assert.Empty(page.FindAll("tbody tr"));
    }

    // The store, not the page, keeps a search inside the staff member's region.
    [Fact]
    public async Task SearchInScope_ATownshipReviewer_FindsOnlyTheTownship_AndNothingInAnotherTownshipsVillage()
    {
        var yuxi = DemoDistrict.Townships[0];
        var scope = Portal.Features.Regions.RegionScope.Of(yuxi.Code);
        var ct = Xunit.TestContext.Current.CancellationToken;

        var all = await database.Households.SearchInScopeAsync(new HouseholdQuery(PageSize: 200), scope, ct);
        var elsewhere = await database.Households.SearchInScopeAsync(new HouseholdQuery(VillageCode: DemoDistrict.Townships[1].Villages[0].Code), scope, ct);

        Assert.Equal((await database.Households.SearchAsync(new HouseholdQuery(TownshipCode: yuxi.Code), ct)).Matches, all.Matches);
        Assert.All(all.Items, h => Assert.StartsWith(yuxi.Code[..9], h.VillageCode));
        Assert.Equal(0, elsewhere.Matches);
        Assert.Empty(elsewhere.Items);
    }
}
