using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// Issue 17, must have 3: what two writers do at the same moment, with interleaved connections. SQLite serializes every
// writer (BEGIN IMMEDIATE), so these hold there trivially; on PostgreSQL the writers really overlap, and each test
// first makes them meet (a barrier, or a third connection holding a lock until all are waiting).
public abstract class ConcurrencyTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Township = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private AnnouncementStore Announcements => database.Announcements;

    private DateOnly Today => ShanghaiTime.Today(database.Clock.GetUtcNow());

    // Starts the calls together, each on its own connection, and waits for all of them.
    private static async Task<T[]> TogetherAsync<T>(int count, Func<int, Task<T>> call)
    {
        using var start = new Barrier(count);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await call(i);
        }, Ct)));
    }

    [Fact]
    public async Task AuditAppenders_ManyAtOnce_MakeOneChainThatVerifies()
    {
        var before = await database.Audit.HeadAsync(Ct);
        const int writers = 8, each = 25;

        await TogetherAsync(writers, async w =>
        {
            for (var i = 0; i < each; i++) await database.Audit.AppendAsync("ConcurrencyTest", $"writer{w}", $"event:{w}:{i}", new { w, i }, Ct);
            return w;
        });

        var report = await database.Audit.VerifyAsync(Ct);
        var head = await database.Audit.HeadAsync(Ct);
        Assert.True(report.IsIntact, $"the chain forked or broke at event {report.FirstBadId}");
        Assert.Equal(before.Length + writers * each, report.Length);
        Assert.Equal((report.Length, report.HeadHash), (head.Length, head.HeadHash));
        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT PreviousHash FROM AuditEvent GROUP BY PreviousHash HAVING COUNT(*) > 1) forks"));
    }

    private async Task<long> FinalizedVillageStageAsync(bool finalize = true)
    {
        var candidates = (await Announcements.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).Where(c => c.Refusal is null).Take(4).ToList();
        var id = (await Announcements.CreateDraftAsync(AnnouncementKind.Exit, Guihua, candidates.Select(c => c.Id).ToList(), Township, Ct)).Id!.Value;
        Assert.True((await Announcements.PublishAsync(id, (await Announcements.GetAsync(id, Ct))!.Concurrency, new Period(Today, Today.AddDays(6)), Township, Ct)).IsAllowed);
        if (!finalize) return id;
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True((await Announcements.FinalizeAsync(id, (await Announcements.GetAsync(id, Ct))!.Concurrency, Township, Ct)).IsAllowed);
        return id;
    }

    private async Task<long> DraftsFromAsync(long id, string column)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM Announcement WHERE {column} = @id AND Status = 'Draft'", new { id });
    }

    [Fact]
    public async Task Advance_TwoAtOnce_MakeExactlyOneNextStageDraft()
    {
        var village = await FinalizedVillageStageAsync();

        var results = await TogetherAsync(2, _ => Announcements.AdvanceAsync(village, Township, Ct));

        Assert.Single(results, r => r.Result.IsAllowed);
        Assert.Single(results, r => !r.Result.IsAllowed);
        Assert.Equal(1, await DraftsFromAsync(village, "PreviousStageId"));
    }

    [Fact]
    public async Task Revise_TwoAtOnce_MakeExactlyOneCorrection()
    {
        var village = await FinalizedVillageStageAsync(finalize: false);

        var results = await TogetherAsync(2, i => Announcements.ReviseAsync(village, $"核实后更正第{i + 1}户的人均纯收入。", Township, Ct));

        Assert.Single(results, r => r.Result.IsAllowed);
        Assert.Single(results, r => !r.Result.IsAllowed);
        Assert.Equal(1, await DraftsFromAsync(village, "PreviousVersionId"));
    }

    private Task<SubmittedObjection> FileAsync() => StaffCases.FileNamedAsync(database, Ct);

    private async Task<StaffActor> ActorAsync(string userName) => (await database.Staff.FindAsync(userName, Ct))!.Actor;

    private async Task<long> EventsAsync(long id, string state)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ObjectionEvent WHERE ObjectionId = @id AND Kind = 'StateChanged' AND State = @state",
            new { id, state });
    }

    [Fact]
    public async Task Reviewers_TwoActingOnOneCaseVersion_ExactlyOneWins()
    {
        var filed = await FileAsync();
        var reviewer = await ActorAsync(StaffCases.Reviewer);
        var version = (await database.Objections.GetAsync(filed.Id, Ct))!.Concurrency;

        var results = await TogetherAsync(2, _ => database.Review.ActAsync(filed.Id, version, ReviewAction.Accept, reviewer, ct: Ct));

        Assert.Single(results, r => r.IsAllowed);
        Assert.Equal("Review.ChangedMeanwhile", Assert.Single(results, r => !r.IsAllowed).Rule);
        Assert.Equal(1, await EventsAsync(filed.Id, nameof(ObjectionState.Admissible)));
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    // A column with a limit is checked in C# first (SQL Server would raise error 2628, PostgreSQL 22001), so a long
    // recusal reason is refused naming the rule, and nothing is saved.
    [Fact]
    public async Task Recusal_ReasonOverItsColumn_IsRefusedNamingTheLimit_AndOneAtTheLimitIsKept()
    {
        var filed = await FileAsync();
        var reviewer = await ActorAsync(StaffCases.Reviewer);
        var version = (await database.Objections.GetAsync(filed.Id, Ct))!.Concurrency;

        var refused = await database.Review.ActAsync(filed.Id, version, ReviewAction.Recuse, reviewer, new string('因', 501), ct: Ct);
        var kept = await database.Review.ActAsync(filed.Id, version, ReviewAction.Recuse, reviewer, new string('因', 500), ct: Ct);

        Assert.Equal(("Text.TooLong", 500), (refused.Rule, (int)refused.Args[0]));
        Assert.True(kept.IsAllowed, kept.Rule);
        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(500, await c.ExecuteScalarAsync<long>("SELECT MAX(LENGTH(Reason)) FROM Recusal WHERE ObjectionId = @id", new { id = filed.Id }));
    }

    private async Task<SubmittedObjection> RepliedAsync(StaffActor reviewer)
    {
        var filed = await FileAsync();
        foreach (var (action, text, outcome) in new (ReviewAction, string?, Outcome?)[]
                 {
                     (ReviewAction.Accept, null, null), (ReviewAction.Investigate, null, null), (ReviewAction.Decide, null, Outcome.NotUpheld),
                     (ReviewAction.Reply, "经入户核实，该户情况属实，异议不成立。", null),
                 })
        {
            var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
            var acted = await database.Review.ActAsync(filed.Id, row.Concurrency, action, reviewer, text, outcome, Ct);
            Assert.True(acted.IsAllowed, $"{action}: {acted.Rule}");
        }
        return filed;
    }

    // The closing job reads the due cases, then closes them one by one while complainants appeal some of them (read
    // while the window was open). No deadlock, and each case ends closed or appealed with exactly that one event.
    [Fact]
    public async Task ClosingDueCases_WhileAppealsArrive_NoDeadlockAndNoEventWithoutItsChange()
    {
        var reviewer = await ActorAsync(StaffCases.Reviewer);
        var cases = new List<SubmittedObjection>();
        for (var i = 0; i < 6; i++) cases.Add(await RepliedAsync(reviewer));
        var windowOpen = database.Clock.GetUtcNow();
        var workingDays = await database.Get<Portal.Features.Calendar.CalendarStore>().CurrentAsync(Ct);
        var rows = new List<ObjectionRow>();
        foreach (var filed in cases) rows.Add((await database.Objections.GetAsync(filed.Id, Ct))!);
        database.Clock.Advance(TimeSpan.FromDays(60));
        var due = await database.Review.DueForClosingAsync(Ct);
        Assert.Superset(cases.Select(c => c.Id).ToHashSet(), due.Select(d => d.Id).ToHashSet());

        // Appeals in the opposite order to the closing job's, each holding its case while it writes.
        var appeals = rows.AsEnumerable().Reverse().Where((_, i) => i % 2 == 0).ToList();
        var closing = Task.Run(() => database.Review.CloseAsync(due, Ct), Ct);
        var appealing = appeals.Select(row => Task.Run(async () =>
        {
            await using var c = await database.Db.OpenAsync(Ct);
            await using var tx = await c.BeginTransactionAsync(Ct);
            var result = await database.Review.AppealAsync(c, tx, row, "不服答复，申请复查。", workingDays, windowOpen, Ct);
            if (result.IsAllowed) await tx.CommitAsync(Ct);
            return result;
        }, Ct)).ToList();
        var finished = Task.WhenAll(appealing.Append<Task>(closing));
        Assert.Same(finished, await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(60), Ct)));
        await finished;

        var appealed = appealing.Count(a => a.Result.IsAllowed);
        Assert.Equal(cases.Count, await closing + appealed);
        foreach (var filed in cases)
        {
            var state = (await database.Objections.GetAsync(filed.Id, Ct))!.State;
            var closedEvents = await EventsAsync(filed.Id, nameof(ObjectionState.Closed));
            var appealEvents = await EventsAsync(filed.Id, nameof(ObjectionState.Escalated));
            Assert.Equal(state == ObjectionState.Closed ? (1, 0) : (0, 1), (closedEvents, appealEvents));
        }
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }
}

public sealed class SqliteConcurrencyTests : ConcurrencyTests<SqliteEngine>;

public sealed class PostgreSqlConcurrencyTests : ConcurrencyTests<PostgreSqlEngine>;

public sealed class SqlServerConcurrencyTests : ConcurrencyTests<SqlServerEngine>;

// Two instances starting together on an empty database: both start, and each script runs once.
public sealed class TwoMigratorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSql_TwoMigratorsOnAnEmptyDatabase_BothFinishAndEachScriptRunsOnce()
    {
        var server = PostgreSqlTestDatabase.Server();
        var name = PostgreSqlTestDatabase.NewDatabase(server);
        try
        {
            var connection = PostgreSqlTestDatabase.ConnectionString(server, name);
            await AssertEachScriptOnceAsync(DatabaseProvider.PostgreSql, () => new DbConnectionFactory(DatabaseProvider.PostgreSql, connection));
        }
        finally
        {
            await PostgreSqlTestDatabase.DropAsync(server, name);
        }
    }

    [Fact]
    public async Task Sqlite_TwoMigratorsOnAnEmptyFile_BothFinishAndEachScriptRunsOnce()
    {
        using var folder = new TempFolder("migrators");
        var file = Path.Combine(folder.Path, "portal.db");
        await AssertEachScriptOnceAsync(DatabaseProvider.Sqlite, () => new DbConnectionFactory(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task AssertEachScriptOnceAsync(DatabaseProvider provider, Func<DbConnectionFactory> factory)
    {
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance;
        using var start = new Barrier(2);
        var applied = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var migrator = new Migrator(factory(), TimeProvider.System, logger);
            start.SignalAndWait(Ct);
            return await migrator.MigrateAsync(Ct);
        }, Ct)));

        var scripts = Migrator.Scripts(provider).Select(s => s.Name).ToList();
        Assert.Equal(scripts, applied.SelectMany(a => a).Order(StringComparer.Ordinal));
        await using var c = await factory().OpenAsync(Ct);
        Assert.Equal(scripts.Count, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SchemaVersion"));
    }
}
