using System.Globalization;
using System.Net;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Calendar;
using Portal.Features.Calendar.Staff;
using Portal.Features.Demo;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Calendar;

// The administrator's calendar page: the year's exceptional dates, edits with the refusal beside its field, and a
// plain warning for a year with no calendar.
public sealed class CalendarPageTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private CalendarStore store = default!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.MigrateAsync();
        store = new CalendarStore(database.Db, database.Audit, database.Clock);
        await store.SeedAsync(ChinaSchedule.All, Ct);
        Services.AddSingleton(store);
        Services.AddSingleton<TimeProvider>(database.Clock);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles("Administrator");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(PortalClaims.Region, DemoDistrict.DistrictCode));
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private IRenderedComponent<CalendarPage> RenderPage()
    {
        var page = Render<CalendarPage>();
        page.WaitForAssertion(() => Assert.Contains("工作日日历", page.Markup));
        return page;
    }

    private static void Fill(IRenderedComponent<CalendarPage> page, string date, string name)
    {
        page.Find("input[type=date]").Change(date);
        page.FindComponents<MudTextField<string>>()[1].Find("input").Change(name);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "保存").Click();
    }

    [Fact]
    public void Open_In2026_ListsTheSeededHolidaysAndMakeUpDays()
    {
        var page = RenderPage();

        Assert.Contains("2026-10-10", page.Markup);
        Assert.Contains("调休上班日（周末上班）", page.Markup);
        Assert.Contains("国务院办公厅关于2026年部分节假日安排的通知", page.Markup);
        Assert.DoesNotContain("没有日历", page.Markup);
    }

    [Fact]
    public void Save_HolidayOnASaturday_ShowsWhyBesideTheKindAndAddsNothing()
    {
        var page = RenderPage();

        Fill(page, "2026-10-17", "县庆");

        page.WaitForAssertion(() => Assert.Contains("2026-10-17 是周六或周日，本来就休息", page.Markup));
        Assert.Contains("本来就休息", page.FindComponent<MudSelect<CalendarDayKind>>().Markup);
        Assert.DoesNotContain("县庆", page.FindAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public async Task Save_WeekdayHoliday_AppearsInTheListAndCountsAtOnce()
    {
        var page = RenderPage();

        Fill(page, "2026-12-31", "县庆");

        page.WaitForAssertion(() => Assert.Contains("已保存 2026-12-31", page.Markup));
        Assert.Contains("县庆", page.FindAll("td").Select(td => td.TextContent.Trim()));
        Assert.False((await store.CurrentAsync(Ct)).IsWorkingDay(new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void Open_InAYearWithNoCalendar_SaysDeadlinesCountWeekendsOnly()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2031, 3, 2, 2, 0, 0, TimeSpan.Zero));

        var page = RenderPage();

        Assert.Contains("2031 年没有日历：期限只扣除周末计算", page.Markup);
    }
}

// The page in the running portal: the calendar the start-up seeder loaded, for administrators only.
public sealed class CalendarPageHttpTests(CalendarPageHttpTests.App app) : IClassFixture<CalendarPageHttpTests.App>
{
    public sealed class App : PortalAppFactory
    {
        public App() => Households = 50;
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Administrator_SeesTheSeeded2026Schedule()
    {
        var admin = await StaffClient.SignInAsync(app, "admin");

        var html = await admin.GetStringAsync("/staff/admin/calendar", Ct);

        Assert.Contains("国务院办公厅关于2026年部分节假日安排的通知", html);
        Assert.Contains("2026-02-14", html);
    }

    [Fact]
    public async Task Clerk_Gets403()
    {
        var clerk = await StaffClient.SignInAsync(app, "guihua.clerk");

        var response = await clerk.GetAsync("/staff/admin/calendar", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
