using Dapper;
using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Statistics;

public sealed record TownshipStatusCounts(string TownshipCode, string Name, string NameEn, IReadOnlyDictionary<HouseholdStatus, long> ByStatus)
{
    public long Total => ByStatus.Values.Sum();
}

public sealed record StatisticsReport(
    IReadOnlyList<TownshipStatusCounts> HouseholdsByTownship,
    IReadOnlyDictionary<PovertyCause, long> Causes,
    IReadOnlyDictionary<int, long> ExitsByYear,
    IReadOnlyList<(MeasureKind Kind, long Measures, decimal Funds)> Assistance,
    IReadOnlyList<TownshipObjections> Objections)
{
    // Per township and lane (AccountabilityPanel).
    public IReadOnlyList<AccountabilityRow> Accountability { get; init; } = [];

    // When the figures were read: the page states it, since a report is built in the background, not per request.
    public DateTimeOffset AsOf { get; init; }
}

// The district at a glance, from aggregates only. The page, its CSVs and the API all read one report, kept in memory
// and built again when the public pages change (PublicPageCache.ChangedAsync) or when it is too old — never because of
// how a request is spelled. It is built in two parts. The households' figures read the household table (about two
// seconds at 1,000,000 households): they are built in the background, and a reader gets the last ones built (AsOf says
// when) while the next are built; only the first reader after start waits for them. The objections' figures are
// small and change with every decision: a reader after a change waits for them, so a decision shows at once.
public sealed class DistrictStatistics(DbConnectionFactory db, ObjectionStatistics objections, TimeProvider clock, PublicPageCache? cache = null,
    AccountabilityPanel? accountability = null)
{
    // The households' figures are built again at least this often; the objections' (overdue counts move with the day)
    // at least every minute.
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan CasesMaximumAge = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private Households? households;
    private Task<Households>? building;
    private Task<Cases>? cases;
    private int builds;

    private sealed record Households(IReadOnlyList<TownshipStatusCounts> ByTownship, IReadOnlyDictionary<PovertyCause, long> Causes,
        IReadOnlyDictionary<int, long> Exits, IReadOnlyList<(MeasureKind Kind, long Measures, decimal Funds)> Assistance, DateTimeOffset AsOf, long Generation);

    private sealed record Cases(IReadOnlyList<TownshipObjections> Objections, IReadOnlyList<AccountabilityRow> Accountability, DateTimeOffset BuiltAt, long Generation);

    // How many times the households' figures have been built: what a test watches.
    public int Builds => Volatile.Read(ref builds);

    private const string SelectTownships = "SELECT Code, Name, NameEn FROM Region WHERE Level = 'Township' ORDER BY Code";

    private const string SelectStatusCounts = "SELECT TownshipCode, Status, COUNT(*) AS N FROM Household GROUP BY TownshipCode, Status";

    private const string SelectCauses = "SELECT Cause, COUNT(*) AS N FROM Household GROUP BY Cause";

    private const string SelectExits = "SELECT ExitYear, COUNT(*) AS N FROM Household WHERE ExitYear IS NOT NULL GROUP BY ExitYear";

    private const string SelectAssistance = "SELECT Kind, COUNT(*) AS N, SUM(Funds) AS Funds FROM AssistanceMeasure GROUP BY Kind";

    public async Task<StatisticsReport> ReportAsync(CancellationToken ct = default)
    {
        var (last, next, casesTask) = Read();
        var h = last ?? await next!.WaitAsync(ct);
        var c = await casesTask.WaitAsync(ct);
        return new StatisticsReport(h.ByTownship, h.Causes, h.Exits, h.Assistance, c.Objections) { Accountability = c.Accountability, AsOf = h.AsOf };
    }

    // The report once it holds every change made before the call: what a test reads before it looks at the figures.
    public async Task<StatisticsReport> UpToDateAsync(CancellationToken ct = default)
    {
        while (Read() is { Building: { } next }) await next.WaitAsync(ct);
        return await ReportAsync(ct);
    }

    // The last households' figures and the build under way when they are stale (started here if none is); the
    // objections' figures of this generation, built here if they are not.
    private (Households? Last, Task<Households>? Building, Task<Cases> Cases) Read()
    {
        lock (gate)
        {
            var generation = cache?.Generation ?? 0;
            var now = clock.GetUtcNow();
            var stale = households is not { } h || h.Generation != generation || now - h.AsOf >= MaximumAge;
            if (stale && building is null)
            {
                Interlocked.Increment(ref builds);
                // Shared by every reader, so no one reader's cancellation may stop it; off the request's thread.
                building = Task.Run(() => BuildHouseholdsAsync(generation));
            }
            if (cases is not { } c || c.IsFaulted || c.IsCanceled || (c.IsCompletedSuccessfully && (c.Result.Generation != generation || now - c.Result.BuiltAt >= CasesMaximumAge)))
            {
                cases = Task.Run(() => BuildCasesAsync(generation, now));
            }
            return (households, stale ? building : null, cases);
        }
    }

    private async Task<Households> BuildHouseholdsAsync(long generation)
    {
        try
        {
            var built = await ReadHouseholdsAsync(generation, CancellationToken.None);
            lock (gate) households = built;
            return built;
        }
        finally
        {
            lock (gate) building = null;
        }
    }

    private async Task<Cases> BuildCasesAsync(long generation, DateTimeOffset now) =>
        new(await objections.ByTownshipAsync(CancellationToken.None),
            accountability is null ? [] : await accountability.ByTownshipAndLaneAsync(CancellationToken.None), now, generation);

    private async Task<Households> ReadHouseholdsAsync(long generation, CancellationToken ct)
    {
        var asOf = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        var townships = await c.QueryAsync<(string Code, string Name, string NameEn)>(new CommandDefinition(SelectTownships, cancellationToken: ct));
        var counts = (await c.QueryAsync<(string Township, string Status, long N)>(new CommandDefinition(SelectStatusCounts, cancellationToken: ct)))
            .ToLookup(r => r.Township);
        var byTownship = townships.Select(t => new TownshipStatusCounts(t.Code, t.Name, t.NameEn,
            Enum.GetValues<HouseholdStatus>().ToDictionary(s => s, s => counts[t.Code].Where(r => r.Status == s.ToString()).Sum(r => r.N)))).ToList();
        var causes = (await c.QueryAsync<(string Cause, long N)>(new CommandDefinition(SelectCauses, cancellationToken: ct)))
            .ToDictionary(r => Enum.Parse<PovertyCause>(r.Cause), r => r.N);
        var exits = (await c.QueryAsync<(long Year, long N)>(new CommandDefinition(SelectExits, cancellationToken: ct)))
            .OrderBy(r => r.Year).ToDictionary(r => (int)r.Year, r => r.N);
        var assistance = (await c.QueryAsync<(string Kind, long N, decimal Funds)>(new CommandDefinition(SelectAssistance, cancellationToken: ct)))
            .Select(r => (Enum.Parse<MeasureKind>(r.Kind), r.N, r.Funds)).OrderByDescending(r => r.N).ToList();
        return new Households(byTownship, causes, exits, assistance, asOf, generation);
    }
}
