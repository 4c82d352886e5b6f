using Dapper;
using Portal.Features.Statistics;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Statistics;

// The district's aggregates read the same on every engine: the counts agree with the rows they summarize.
public abstract class StatisticsStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Report_SeededDistrict_CountsEveryHouseholdMeasureAndCaseOnce()
    {
        var report = await database.Get<DistrictStatistics>().ReportAsync(Ct);
        var panel = await database.Get<AccountabilityPanel>().ByTownshipAndLaneAsync(Ct);

        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Household"), report.HouseholdsByTownship.Sum(t => t.Total));
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AssistanceMeasure"), report.Assistance.Sum(a => a.Measures));
        Assert.Equal(await c.ExecuteScalarAsync<decimal>("SELECT SUM(Funds) FROM AssistanceMeasure"), report.Assistance.Sum(a => a.Funds));
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Household WHERE ExitYear IS NOT NULL"), report.ExitsByYear.Values.Sum());
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Objection"), report.Objections.Sum(o => (long)o.Received));
        Assert.Equal(report.Objections.Sum(o => o.Received), panel.Sum(p => p.Received));
    }
}

public sealed class SqliteStatisticsStoreTests : StatisticsStoreTests<SqliteEngine>;

public sealed class PostgreSqlStatisticsStoreTests : StatisticsStoreTests<PostgreSqlEngine>;

public sealed class SqlServerStatisticsStoreTests : StatisticsStoreTests<SqlServerEngine>;
