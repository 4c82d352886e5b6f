using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Calendar;
using Portal.Features.Calendar.Staff;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The workbench says when a deadline it shows counts weekends only because the calendar lacks its year (2026 is
// seeded, 2027 is not), with the way to the calendar page; and says nothing when every deadline is in a loaded year.
public sealed class WorkbenchCalendarNoticeTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(1000, staff: true);
        await database.Services.GetRequiredService<CalendarStore>().SeedAsync(ChinaSchedule.All, Ct);
        // Received Saturday 2026-11-28 10:00 Beijing (the database's clock).
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        Assert.NotNull((await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            "公示名单漏掉了一户符合条件的人家。", true, null, null, null, true, []), null, Ct)).Accepted);
        UseDatabase(database);
        Services.AddSingleton<TimeProvider>(database.Clock);
        var auth = AddAuthorization();
        auth.SetAuthorized("yuxi.reviewer");
        auth.SetRoles("TownshipReviewer");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(PortalClaims.Region, DemoDistrict.Townships[0].Code));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private IRenderedComponent<Workbench> Render(int replyDays, PeriodUnit unit)
    {
        var options = LaneTestOptions.Administrative(3, replyDays, 7, PeriodUnit.CalendarDays);
        options.Lanes.Administrative.Reply = LaneTestOptions.Period(replyDays, unit);
        Services.AddSingleton(new ReviewWorkflow(options));
        RenderProviders();
        var page = Render<Workbench>();
        page.WaitForAssertion(() => Assert.Contains("答复期限", page.Markup));
        return page;
    }

    [Fact]
    public void Workbench_AReplyDueInWorkingDaysIn2027_SaysSoAndLinksTheCalendar()
    {
        // 30 working days after 2026-11-28 reach into January 2027.
        var page = Render(30, PeriodUnit.WorkingDays);

        var notice = page.Find("[data-test=calendar-fallback]");
        Assert.Contains("2027 年没有工作日日历：期限只按周末计算", notice.TextContent);
        Assert.Equal(CalendarPage.Url(), notice.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Workbench_TodayIn2027_SaysSo()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 4, 2, 0, 0, TimeSpan.Zero));

        var page = Render(15, PeriodUnit.CalendarDays);

        Assert.Contains("2027 年没有工作日日历", page.Find("[data-test=calendar-fallback]").TextContent);
    }

    [Theory]
    // 15 working days after 2026-11-28: 2026-12-18, a loaded year.
    [InlineData(15, PeriodUnit.WorkingDays)]
    // 40 calendar days reach 2027-01-07, but a deadline in calendar days does not depend on the calendar.
    [InlineData(40, PeriodUnit.CalendarDays)]
    public void Workbench_EveryDeadlineInALoadedYearOrInCalendarDays_SaysNothing(int replyDays, PeriodUnit unit)
    {
        var page = Render(replyDays, unit);

        Assert.Empty(page.FindAll("[data-test=calendar-fallback]"));
        Assert.DoesNotContain("没有工作日日历", page.Markup);
    }
}
