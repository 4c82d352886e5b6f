using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Calendar;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// With the 复查 window in working days (Review:Lanes:Administrative:FirstAppeal) the store counts the appeal window through the calendar the database holds,
// as an administrator edited it: with Wednesday 2026-12-02 and Thursday 12-03 entered as holidays, a reply on
// Saturday 2026-11-28 10:00 Beijing can be appealed until Thursday 12-10 10:00, the 7th working day after it.
// Weekends only would end it on 12-08, calendar days on 12-05.
public abstract class ReviewWorkingDaysTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private SubmittedObjection filed = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        var calendar = database.Services.GetRequiredService<CalendarStore>();
        await calendar.SeedAsync(ChinaSchedule.All, Ct);
        var admin = (await database.Staff.FindAsync("admin", Ct))!.Actor;
        Assert.True((await calendar.SaveAsync(new DateOnly(2026, 12, 2), CalendarDayKind.Holiday, "县庆", admin, Ct)).IsAllowed);
        Assert.True((await calendar.SaveAsync(new DateOnly(2026, 12, 3), CalendarDayKind.Holiday, "县庆", admin, Ct)).IsAllowed);
        // The options object the portal bound, as Review:Lanes:Administrative:FirstAppeal = 7 WorkingDays would set it.
        database.Workflow.Options.Lanes.Administrative.FirstAppeal = LaneTestOptions.Period(7, PeriodUnit.WorkingDays);
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        filed = (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            "公示名单漏掉了一户符合条件的人家。", true, null, null, null, true, []), null, Ct)).Accepted!;
        var reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        Assert.True((await database.Review.ActAsync(filed.Id, row.Concurrency, ReviewAction.Reject, reviewer, "不属于本次公示的范围。", null, Ct)).IsAllowed);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AppealWindow_InWorkingDays_SkipsTheHolidays_ThenTheCaseCloses()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero));
        Assert.Empty(await database.Review.DueForClosingAsync(Ct));
        Assert.Equal(0, await database.Review.CloseExpiredAsync(Ct));

        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 2, 0, 1, TimeSpan.Zero));
        Assert.Equal("ReviewDeadlines.AppealWindowWorkingDays", (await database.Review.AppealAsync(filed.Receipt, "我认为属于本次公示范围，请复核。", Ct)).Rule);
        Assert.Equal(1, await database.Review.CloseExpiredAsync(Ct));
        Assert.Equal(ObjectionState.Closed, (await database.Objections.GetAsync(filed.Id, Ct))!.State);
    }

    [Fact]
    public async Task Appeal_AfterWeekendsOnlyWouldHaveEnded_IsStillAllowed()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 2, 0, 0, TimeSpan.Zero));

        Assert.True((await database.Review.AppealAsync(filed.Receipt, "我认为属于本次公示范围，请上级复核。", Ct)).IsAllowed);
        Assert.Equal(ObjectionState.Escalated, (await database.Objections.GetAsync(filed.Id, Ct))!.State);
    }
}

public sealed class SqliteReviewWorkingDaysTests : ReviewWorkingDaysTests<SqliteEngine>;

public sealed class PostgreSqlReviewWorkingDaysTests : ReviewWorkingDaysTests<PostgreSqlEngine>;

public sealed class SqlServerReviewWorkingDaysTests : ReviewWorkingDaysTests<SqlServerEngine>;
