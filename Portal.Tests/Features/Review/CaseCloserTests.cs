using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The review's minute job: a case whose appeal window has passed closes once, whoever else closes it at the same time.
public abstract class CaseCloserTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private long caseId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        LaneTestOptions.UseEarlierDays(database.Workflow);
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await database.Announcements.EntriesAsync(open.Id, Ct))[0];
        var filed = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entry.Id, ObjectionCategory.WronglyIncluded,
            "该户不符合条件，情况如下：家中有车。", true, null, null, null, true, []), null, Ct);
        caseId = filed.Accepted!.Id;
        var reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        var concurrency = (await database.Objections.GetAsync(caseId, Ct))!.Concurrency;
        Assert.True((await database.Review.ActAsync(caseId, concurrency, ReviewAction.Reject, reviewer, "不属于本次公示范围。", ct: Ct)).IsAllowed);
        database.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TwoClosers_BothHavingReadTheDueCase_WriteOneClosedEventAndOneAuditEvent()
    {
        var first = await database.Review.DueForClosingAsync(Ct);
        var second = await database.Review.DueForClosingAsync(Ct);
        Assert.Contains(first, r => r.Id == caseId);
        Assert.Contains(second, r => r.Id == caseId);

        Assert.Equal(1, await database.Review.CloseAsync(first, Ct));
        Assert.Equal(0, await database.Review.CloseAsync(second, Ct));

        Assert.Equal(ObjectionState.Closed, (await database.Objections.GetAsync(caseId, Ct))!.State);
        Assert.Equal((1, 1), (await ClosedEventsAsync(), await ClosedAuditsAsync()));
    }

    [Fact]
    public async Task TwoClosers_AtTheSameTime_WriteOneClosedEvent()
    {
        await Task.WhenAll(database.Review.CloseExpiredAsync(Ct), database.Review.CloseExpiredAsync(Ct));

        Assert.Equal((1, 1), (await ClosedEventsAsync(), await ClosedAuditsAsync()));
    }

    [Fact]
    public async Task CaseCloser_Started_ClosesTheDueCase()
    {
        using var closer = new CaseCloser(database.Review, database.Get<Portal.Infrastructure.Data.JobLeases>(), database.Clock, NullLogger<CaseCloser>.Instance);
        await closer.StartAsync(Ct);
        for (var i = 0; i < 100 && await ClosedEventsAsync() == 0; i++) await Task.Delay(50, Ct);
        await closer.StopAsync(Ct);

        Assert.Equal(ObjectionState.Closed, (await database.Objections.GetAsync(caseId, Ct))!.State);
        Assert.Equal(1, await ClosedEventsAsync());
    }

    private async Task<long> ClosedEventsAsync()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ObjectionEvent WHERE ObjectionId = @caseId AND State = 'Closed'", new { caseId });
    }

    private async Task<long> ClosedAuditsAsync()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ObjectionClosed'");
    }
}

public sealed class SqliteCaseCloserTests : CaseCloserTests<SqliteEngine>;

public sealed class PostgreSqlCaseCloserTests : CaseCloserTests<PostgreSqlEngine>;

public sealed class SqlServerCaseCloserTests : CaseCloserTests<SqlServerEngine>;
