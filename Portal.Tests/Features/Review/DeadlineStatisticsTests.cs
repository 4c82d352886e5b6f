using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Statistics;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// Deadlines on the fake clock, across a month end, as the public statistics count them per township.
public abstract class DeadlineStatisticsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        LaneTestOptions.UseEarlierDays(database.Workflow);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Overdue_AcrossTheMonthEnd_IsCountedForTheTownshipUntilReplied()
    {
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        // 2026-11-28 10:00 Beijing: admissibility is due 2026-12-01 24:00, across the end of November.
        var filed = (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            "公示名单漏掉了一户符合条件的人家。", true, null, null, null, true, []), null, Ct)).Accepted!;
        var statistics = new ObjectionStatistics(database.Db, database.Workflow, database.Services.GetRequiredService<Portal.Features.Calendar.CalendarStore>(), database.Clock);
        async Task<TownshipObjections> YuxiAsync() => (await statistics.ByTownshipAsync(Ct)).Single(t => t.TownshipCode == DemoDistrict.Townships[0].Code);

        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 15, 59, 0, TimeSpan.Zero)); // 12-01 23:59 Beijing
        Assert.Equal(0, (await YuxiAsync()).Overdue);

        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero)); // 12-02 00:00 Beijing
        var late = await YuxiAsync();
        Assert.Equal(1, late.Overdue);
        Assert.Equal(1, late.Received);

        var reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        Assert.True((await database.Review.ActAsync(filed.Id, row.Concurrency, ReviewAction.Reject, reviewer, "不属于本次公示的范围。", null, Ct)).IsAllowed);
        var answered = await YuxiAsync();
        Assert.Equal(0, answered.Overdue);
        Assert.Equal(3.6, answered.MedianDaysToReply!.Value, 1);
    }

    [Fact]
    public void Median_OddEvenAndEmpty()
    {
        Assert.Null(ObjectionStatistics.Median([]));
        Assert.Equal(2, ObjectionStatistics.Median([1, 2, 9]));
        Assert.Equal(2.5, ObjectionStatistics.Median([1, 2, 3, 9]));
    }
}

public sealed class SqliteDeadlineStatisticsTests : DeadlineStatisticsTests<SqliteEngine>;

public sealed class PostgreSqlDeadlineStatisticsTests : DeadlineStatisticsTests<PostgreSqlEngine>;

public sealed class SqlServerDeadlineStatisticsTests : DeadlineStatisticsTests<SqlServerEngine>;
