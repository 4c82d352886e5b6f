using System.Globalization;
using Bunit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Households.Staff;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Households;

public sealed class MonitoringPanelTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Clerk = new(1, "guihua.clerk", StaffRole.VillageClerk, RegionScope.Of(Guihua));
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(300);
        UseDatabase(database);
        Services.AddSingleton<TimeProvider>(database.Clock);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<(long Late, long Fresh)> TwoHouseholdsAsync()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var ids = (await c.QueryAsync<long>("SELECT Id FROM Household WHERE VillageCode = @v AND Id NOT IN (SELECT HouseholdId FROM MonitoringCase) ORDER BY Id", new { v = Guihua })).ToList();
        return (ids[0], ids[1]);
    }

    [Fact]
    public async Task Panel_ShowsTheOverdueClockFirst_WithItsFlag_AndTheDaysLeftOfTheOther()
    {
        var store = database.Services.GetRequiredService<MonitoringStore>();
        var today = ShanghaiTime.Today(database.Clock.GetUtcNow());
        var (late, fresh) = await TwoHouseholdsAsync();
        // Opened in this order so that "overdue first" is the panel's doing, not the insert order.
        Assert.True((await store.OpenAsync(new NewMonitoringCase(fresh, MonitoringType.MarginalAtRisk, "务工收入中断", today.AddDays(-3)), Clerk, Ct)).Result.IsAllowed);
        Assert.True((await store.OpenAsync(new NewMonitoringCase(late, MonitoringType.SuddenHardship, "住院治疗", today.AddDays(-20)), Clerk, Ct)).Result.IsAllowed);

        var panel = Render<MonitoringPanel>(p => p.Add(x => x.Actor, Clerk));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("ul.monitoring-clock li")));
        var items = panel.FindAll("ul.monitoring-clock li").ToList();
        var lateItem = items.First(li => li.ClassList.Contains("overdue"));
        Assert.Same(items[0], lateItem);
        Assert.Contains($"已超过 15 天认定期限 5 天（期限 {today.AddDays(-5):yyyy-MM-dd}）", lateItem.TextContent);
        Assert.Contains("突发严重困难户", lateItem.TextContent);
        Assert.Contains(items, li => !li.ClassList.Contains("overdue") && li.TextContent.Contains($"距县级认定期限还有 12 天（{today.AddDays(12):yyyy-MM-dd}）"));
        // The workbench never shows what the risk is.
        Assert.DoesNotContain("住院治疗", panel.Markup);
        Assert.Contains("其中超过 15 天期限 1 户", panel.Markup);
    }
}
