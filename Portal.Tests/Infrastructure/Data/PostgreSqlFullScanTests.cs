using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Features.Assistance;
using Portal.Features.Demo;
using Portal.Features.Statistics;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// Issue 18, from outside: a portal on PostgreSQL answers every public output (PublicOutputs: the pages reachable from
// the home page, every announcement's page, API, CSV and notice, the feeds, statistics, audit, the tracking pages) and
// the server's own counters (pg_stat_user_tables.seq_scan) show that none of them read Household, AnnouncementEntry,
// AuditEvent, Objection or Report whole (a CHAR(64) hash compared with a text parameter did: CAST(@hash AS CHAR(64))).
// The portal's connections plan with enable_seqscan off, so that on a test database this small the
// planner takes an index wherever one can serve, as it does at province size; where none can, it still scans, and the
// counter moves. The background figures (home, villages, statistics) are built before the counters are read.
public sealed class PostgreSqlFullScanTests : IAsyncLifetime
{
    // Objections and reports grow too: every tracking request looks one up by its receipt's hash.
    private static readonly string[] LargeTables = ["household", "announcemententry", "auditevent", "objection", "report"];

    private string server = "";
    private string name = "";
    private PortalAppFactory? app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        if (name.Length > 0) await PostgreSqlTestDatabase.DropAsync(server, name);
    }

    [Fact]
    public async Task EveryPublicOutput_ReadsTheLargeTablesThroughIndexesOnly()
    {
        server = PostgreSqlTestDatabase.Server();
        name = PostgreSqlTestDatabase.NewDatabase(server);
        var connection = new NpgsqlConnectionStringBuilder(PostgreSqlTestDatabase.ConnectionString(server, name)) { Options = "-c enable_seqscan=off" }.ToString();
        app = new PortalAppFactory
        {
            Settings = new()
            {
                ["Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:Portal"] = connection,
                ["Security:KeyEncryptionKey"] = TestDatabase.TestKeyEncryptionKey,
                ["Limits:ObjectionsPerHourPerAddress"] = "1000",
                ["Limits:FailedTrackLookupsPerHourPerAddress"] = "1000",
            },
        };
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await client.GetStringAsync("/", Ct);
        await app.Services.GetRequiredService<VillageReport>().UpToDateAsync(Ct);
        await app.Services.GetRequiredService<DistrictStatistics>().UpToDateAsync(Ct);
        await using var read = new NpgsqlConnection(PostgreSqlTestDatabase.ConnectionString(server, name));
        var ids = (await read.QueryAsync<long>("SELECT Id FROM Announcement WHERE PublishedUtc IS NOT NULL ORDER BY Id")).ToList();
        Assert.NotEmpty(ids);
        // The jobs that start with the portal (the audit verification among them) have their first round behind them.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var before = await ScansAsync();

        var outputs = await PublicOutputs.CollectAsync(client, ids, Enumerable.Range(1, 8).Select(DemoReports.DemoReceipt), Ct);
        // And what an import's preview asks of every row: is this ID number registered already?
        var households = app.Services.GetRequiredService<Portal.Features.Households.HouseholdStore>();
        Assert.Null(await households.FindByIdNumberAsync("11010519491231002X", Ct));
        Assert.Empty(await households.RegisteredAsync(["11010519491231002X", "110105194912310029"], Ct));
        var after = await ScansAsync();

        Assert.True(outputs.All.Count > 100, $"only {outputs.All.Count} outputs");
        Assert.All(LargeTables, t => Assert.True(after[t] == before[t], $"{t} was read whole {after[t] - before[t]} times while the public outputs were read"));
    }

    // Sequential scans per table, once every connection has ended (a backend reports its counters as it goes).
    private async Task<Dictionary<string, long>> ScansAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        await using var c = new NpgsqlConnection(PostgreSqlTestDatabase.ConnectionString(server, name));
        await c.OpenAsync(Ct);
        return (await c.QueryAsync<(string Table, long Scans)>("SELECT lower(relname), seq_scan FROM pg_stat_user_tables"))
            .ToDictionary(r => r.Table, r => r.Scans);
    }
}
