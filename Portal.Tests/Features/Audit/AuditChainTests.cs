using Dapper;
using Portal.Features.Audit;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Audit;

public abstract class AuditChainTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.MigrateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await database.Audit.AppendAsync("TestEvent", "tester", $"thing:{i}", new { i, note = "公示" }, Ct);
            database.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    // Every millisecond of one second goes through the parameter mapping into the stored column and back: SQL Server's
    // datetime would round most of them to 1/300 s (DateTimeHandler sends datetime2), and the chain would break.
    [Fact]
    public async Task Verify_EveryMillisecondOfASecond_RoundTripsAndTheChainStaysIntact()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        for (var ms = 0; ms < 1000; ms++)
        {
            await database.Audit.AppendAsync("TestEvent", null, null, new { ms }, Ct);
            database.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var report = await database.Audit.VerifyAsync(Ct);
        Assert.True(report.IsIntact, $"first bad event {report.FirstBadId}");
        var stored = (await database.Audit.SearchAsync(new AuditQuery(Kind: "TestEvent", PageSize: 200), Ct)).Items;
        Assert.All(stored, e => Assert.Equal(int.Parse(e.Data[6..^1], System.Globalization.CultureInfo.InvariantCulture), e.CreatedUtc.Millisecond));
    }

    // The staff list pages by keyset, newest first: walking it gives every matching event once, newest first, for no
    // filter, a kind, an actor and both; the count is the matches (all events: the chain's length).
    [Fact]
    public async Task Search_WalkedPageByPage_GivesEveryMatchOnceNewestFirst_ForEachFilter()
    {
        for (var i = 0; i < 40; i++)
        {
            await database.Audit.AppendAsync(i % 3 == 0 ? "KindA" : "KindB", i % 2 == 0 ? "alice" : "bob", $"thing:{i}", new { i }, Ct);
        }
        await using var c = await database.Db.OpenAsync(Ct);
        var everyone = (await c.QueryAsync<(long Id, string Kind, string? Actor)>("SELECT Id, Kind, Actor FROM AuditEvent")).ToList();
        foreach (var (kind, actor) in new (string?, string?)[] { (null, null), ("KindA", null), (null, "bob"), ("KindB", "alice"), ("KindC", null) })
        {
            var expected = everyone.Where(e => (kind is null || e.Kind == kind) && (actor is null || e.Actor == actor)).OrderByDescending(e => e.Id).Select(e => e.Id).ToList();
            var walked = new List<long>();
            long? before = null;
            for (var pages = 0; pages < 50; pages++)
            {
                var page = await database.Audit.SearchAsync(new AuditQuery(kind, actor, PageSize: 4, Before: before), Ct);
                Assert.Equal(expected.Count, page.Matches);
                walked.AddRange(page.Items.Select(e => e.Id));
                if (!page.HasNext) break;
                before = page.Items[^1].Id;
            }
            Assert.Equal(expected, walked);
        }
    }

    [Fact]
    public void DateTimeParameters_GoToSqlServerAsDatetime2_ThroughTheHandlerDapperUses()
    {
        _ = database.Db; // the connection factory registers the portal's type handlers
        var parameter = new Microsoft.Data.SqlClient.SqlParameter();
#pragma warning disable CS0618 // public, and marked for Dapper's own use
        Dapper.SqlMapper.LookupDbType(typeof(DateTime), "t", false, out var handler);
#pragma warning restore CS0618

        Assert.NotNull(handler);
        handler.SetValue(parameter, new DateTime(2026, 11, 28, 3, 0, 0, 7, DateTimeKind.Utc));
        Assert.Equal(System.Data.SqlDbType.DateTime2, parameter.SqlDbType);
    }

    [Fact]
    public async Task Verify_UntouchedChain_IsIntactWithItsLengthAndHead()
    {
        await AppendAsync(5);

        var report = await database.Audit.VerifyAsync(Ct);
        var head = await database.Audit.HeadAsync(Ct);

        Assert.True(report.IsIntact);
        Assert.Equal(5, report.Length);
        Assert.Equal(head.HeadHash, report.HeadHash);
        Assert.Equal(5, head.Length);
    }

    [Theory]
    [InlineData("UPDATE AuditEvent SET Data = '{\"i\":99}' WHERE Id = 3")]
    [InlineData("UPDATE AuditEvent SET Actor = 'someone else' WHERE Id = 3")]
    [InlineData("UPDATE AuditEvent SET CreatedUtc = '2020-01-01 00:00:00' WHERE Id = 3")]
    [InlineData("DELETE FROM AuditEvent WHERE Id = 2")]
    public async Task Verify_OneRowChangedInTheDatabase_FailsAtThatRow(string tamper)
    {
        await AppendAsync(6);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync(tamper);
        }

        var report = await database.Audit.VerifyAsync(Ct);

        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBadId);
    }

    [Fact]
    public async Task Verify_RowRehashedToHideAnEdit_StillFailsAtTheNextRow()
    {
        await AppendAsync(4);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            var row = await c.QuerySingleAsync<AuditEvent>("SELECT * FROM AuditEvent WHERE Id = 2");
            var forged = row with { Data = "{\"i\":42}" };
            await c.ExecuteAsync("UPDATE AuditEvent SET Data = @Data, Hash = @Hash WHERE Id = 2",
                new { forged.Data, Hash = AuditChain.HashOf(row.PreviousHash, forged) });
        }

        Assert.Equal(3, (await database.Audit.VerifyAsync(Ct)).FirstBadId);
    }

    [Fact]
    public async Task Publish_Announcement_AppendsAnAuditEvent()
    {
        await database.SeedAsync(1000, staff: true);

        var page = await database.Audit.SearchAsync(new AuditQuery(Kind: "AnnouncementPublished"), Ct);

        Assert.True(page.Matches >= 6);
        Assert.All(page.Items, e => Assert.StartsWith("announcement:", e.Subject));
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public void CanonicalForm_IsStableCompactJson() =>
        Assert.Equal("{\"kind\":\"K\",\"actor\":null,\"subject\":\"s\",\"data\":\"{}\",\"at\":\"2026-11-28T02:00:00.000Z\"}",
            AuditChain.CanonicalForm(new AuditEvent { Kind = "K", Subject = "s", CreatedUtc = new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc) }));

    // ---- what GET /api/v1/audit/verify does: only what is new since the last verification ----

    private async Task TamperAsync(string sql)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        await c.ExecuteAsync(sql);
    }

    [Fact]
    public async Task VerifyNew_AfterMoreAppends_ChecksOnlyTheEventsSinceTheLastVerification()
    {
        await AppendAsync(5);
        var first = await database.Audit.VerifyNewAsync(Ct);
        await AppendAsync(3);

        var second = await database.Audit.VerifyNewAsync(Ct);
        var third = await database.Audit.VerifyNewAsync(Ct);

        Assert.True(first.IsIntact && second.IsIntact && third.IsIntact);
        Assert.Equal((5, 5L), (first.Checked, first.Chain.Length));
        Assert.Equal((3, 8L), (second.Checked, second.Chain.Length));
        Assert.Equal((0, 8L), (third.Checked, third.Chain.Length));
        Assert.Equal((await database.Audit.HeadAsync(Ct)).HeadHash, third.Chain.HeadHash);
        Assert.Null(third.LastFullCheck);
    }

    [Theory]
    [InlineData("DELETE FROM AuditEvent WHERE Id = 6")]
    [InlineData("DELETE FROM AuditEvent WHERE Id >= 5")]
    public async Task Verify_NewestEventsDeleted_IsNotIntact_ForTheHeadRowStillCountsThem(string tamper)
    {
        await AppendAsync(6);
        await TamperAsync(tamper);

        var check = await database.Audit.VerifyNewAsync(Ct);
        var full = await database.Audit.VerifyAsync(Ct);

        Assert.False(check.IsIntact);
        Assert.True(check.Chain.Missing);
        Assert.True(full.Missing);
        Assert.False(full.IsIntact);
    }

    [Fact]
    public async Task VerifyNew_TheLastVerifiedEventChanged_FailsAtIt()
    {
        await AppendAsync(4);
        Assert.True((await database.Audit.VerifyNewAsync(Ct)).IsIntact);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            // Rewritten and rehashed onto its predecessor: it fits the chain before it, but not the hash verified.
            var row = await c.QuerySingleAsync<AuditEvent>("SELECT * FROM AuditEvent WHERE Id = 4");
            var forged = row with { Data = "{\"i\":99}" };
            await c.ExecuteAsync("UPDATE AuditEvent SET Data = @Data, Hash = @Hash WHERE Id = 4", new { forged.Data, Hash = AuditChain.HashOf(row.PreviousHash, forged) });
        }
        await AppendAsync(1);

        var check = await database.Audit.VerifyNewAsync(Ct);

        Assert.False(check.IsIntact);
        Assert.Equal(4, check.Chain.FirstBadId);
    }

    [Fact]
    public async Task VerifyNew_AnEditBeforeTheLastVerification_IsFoundByTheFullVerificationAndReportedWithEveryCheckAfter()
    {
        await AppendAsync(5);
        Assert.True((await database.Audit.VerifyNewAsync(Ct)).IsIntact);
        await TamperAsync("UPDATE AuditEvent SET Actor = 'someone else' WHERE Id = 2");
        Assert.True((await database.Audit.VerifyNewAsync(Ct)).Chain.IsIntact, "the request reads only what is new");

        var full = await database.Audit.VerifyAsync(Ct);
        var after = await database.Audit.VerifyNewAsync(Ct);

        Assert.Equal(2, full.FirstBadId);
        Assert.False(after.IsIntact);
        Assert.Equal(2, after.LastFullCheck!.FirstBadId);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, DateTime.SpecifyKind(after.LastFullCheckUtc!.Value, DateTimeKind.Utc), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task VerifyIfDue_RunsTheFullVerificationOnceADay()
    {
        await AppendAsync(3);

        Assert.NotNull(await database.Audit.VerifyIfDueAsync(TimeSpan.FromDays(1), Ct));
        database.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Null(await database.Audit.VerifyIfDueAsync(TimeSpan.FromDays(1), Ct));
        database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await database.Audit.VerifyIfDueAsync(TimeSpan.FromDays(1), Ct))!.IsIntact);
    }

    // The seed command's --audit-events: full batches of rows a statement and the rest one by one make one chain.
    [Fact]
    public async Task AppendMany_MoreThanABatch_MakesOneChainThatVerifies()
    {
        await AppendAsync(2);
        long reported = 0;

        await database.Audit.AppendManyAsync(Enumerable.Range(0, 1000).Select(i => ("SignInSucceeded", (string?)"admin", (string?)null, (object)new { i })),
            new Progress(n => reported = n), Ct);
        await AppendAsync(1);

        var report = await database.Audit.VerifyAsync(Ct);
        Assert.True(report.IsIntact, $"first bad event {report.FirstBadId}, missing {report.Missing}");
        Assert.Equal(1003, report.Length);
        Assert.Equal(1000, reported);
        Assert.Equal((1003L, report.HeadHash), await database.Audit.HeadAsync(Ct));
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

public sealed class SqliteAuditChainTests : AuditChainTests<SqliteEngine>;

public sealed class PostgreSqlAuditChainTests : AuditChainTests<PostgreSqlEngine>;

public sealed class SqlServerAuditChainTests : AuditChainTests<SqlServerEngine>;
