using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Infrastructure;

// SPEC §6: after kill -9 at any moment, every acknowledged receipt is still there. The built portal runs as its own
// process; several clients submit objections while it is killed with SIGKILL at a random moment, then it is
// restarted on the same files, again and again.
public sealed class CrashSafetyTests
{
    private const int Cycles = 10;
    private const int Clients = 4;
    private const string SeedVariable = "PORTAL_TEST_CRASH_SEED";

    private static readonly string[] Categories = Enum.GetNames<ObjectionCategory>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ITestOutputHelper Log => TestContext.Current.TestOutputHelper!;

    private sealed record Acknowledged(string Receipt, string CaseNumber, string Text);

    private sealed record Round(IReadOnlyList<Acknowledged> Acknowledged, int CutOff, IReadOnlyList<string> Refused);

    [Fact(Timeout = 300_000)]
    public async Task Submissions_KilledAtRandomMoments_EveryAcknowledgedReceiptIsTrackedAndTheFileIsIntact()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var chosen) ? chosen : Random.Shared.Next();
        var random = new Random(seed);
        Log.WriteLine($"seed {seed} (set {SeedVariable} to repeat the kill moments)");
        using var folder = new TempFolder("crash");
        var database = Path.Combine(folder.Path, "portal.db");
        var acknowledged = new List<Acknowledged>();
        var cutOff = 0;
        IReadOnlyList<long> open = [];
        var total = Stopwatch.StartNew();
        try
        {
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                var clock = Stopwatch.StartNew();
                await using var portal = await StartHealthyAsync(folder.Path);
                var healthy = clock.ElapsedMilliseconds;
                await AssertAllTrackedAsync(portal, acknowledged);
                var tracked = clock.ElapsedMilliseconds - healthy;
                if (cycle == 1) open = await OpenAnnouncementsAsync(portal);

                var killAfter = TimeSpan.FromMilliseconds(random.Next(200, 1500));
                var round = await SubmitUntilKilledAsync(portal, open, cycle, killAfter);
                Assert.True(round.Refused.Count == 0,
                    $"cycle {cycle}: complete answers other than 201:\n{string.Join("\n", round.Refused.Take(5))}\nPortal output:\n{portal.Output}");
                acknowledged.AddRange(round.Acknowledged);
                cutOff += round.CutOff;

                var integrity = IntegrityCheck(database);
                Assert.True(integrity == "ok", $"cycle {cycle}: PRAGMA integrity_check after the kill said:\n{integrity}\nPortal output:\n{portal.Output}");
                Log.WriteLine($"cycle {cycle,2}: healthy in {healthy} ms, tracked {acknowledged.Count - round.Acknowledged.Count} earlier receipts in {tracked} ms, " +
                    $"killed after {killAfter.TotalMilliseconds} ms with {round.Acknowledged.Count} acknowledged and {round.CutOff} cut off; integrity ok");
            }

            await using (var last = await StartHealthyAsync(folder.Path))
            {
                await AssertAllTrackedAsync(last, acknowledged);
                using var client = new HttpClient { BaseAddress = last.Address };
                var audit = await client.GetFromJsonAsync<AuditEndpoints.Verification>("/api/v1/audit/verify", TestContext.Current.CancellationToken);
                Assert.True(audit!.Intact, $"after the kills the audit chain is broken at event {audit.FirstBadId}");
                Assert.True(audit.Length >= acknowledged.Count, $"{acknowledged.Count} acknowledged objections but only {audit.Length} audit events");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        Log.WriteLine($"{acknowledged.Count} acknowledged receipts over {Cycles} kills, all tracked after the last restart; {total.ElapsedMilliseconds} ms in all");
        Assert.True(acknowledged.Count >= 10 * Cycles, $"only {acknowledged.Count} submissions were acknowledged over {Cycles} cycles: too few to show anything");
        Assert.True(cutOff > 0, "no kill landed while a submission was in flight");
    }

    // The same folder every time, so the same database file and the same keys: receipts issued before a kill must still verify.
    private static async Task<RunningPortal> StartHealthyAsync(string folder)
    {
        var portal = PortalProcess.Start(folder, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(folder, "portal.db")}",
            ["Security__KeysPath"] = Path.Combine(folder, "keys"),
            ["Attachments__Path"] = Path.Combine(folder, "attachments"),
            ["Demo__Seed"] = "true",
            // The fewest households with which the demo announcements are seeded.
            ["Demo__Households"] = Portal.Features.Demo.DemoSeeder.HouseholdsForAnnouncements.ToString(CultureInfo.InvariantCulture),
            ["Demo__RandomSeed"] = "7",
            ["Demo__StaffPassword"] = TestDatabase.StaffPassword,
            ["Limits__ObjectionsPerHourPerAddress"] = "100000",
            ["Limits__FailedTrackLookupsPerHourPerAddress"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        try
        {
            await portal.WaitHealthyAsync(TimeSpan.FromSeconds(60), Ct);
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    // Published announcements whose period contains today, as the public API lists them.
    private static async Task<IReadOnlyList<long>> OpenAnnouncementsAsync(RunningPortal portal)
    {
        using var client = new HttpClient { BaseAddress = portal.Address };
        var list = await client.GetFromJsonAsync<AnnouncementEndpoints.ListResponse<AnnouncementEndpoints.AnnouncementSummary>>(
            "/api/v1/announcements?pageSize=100", Ct);
        var now = DateTimeOffset.UtcNow;
        var open = list!.Items
            .Where(a => a.Status == nameof(AnnouncementStatus.Published) && a is { PeriodStart: { } start, PeriodEnd: { } end }
                && new Period(DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture)).Contains(now))
            .Select(a => a.Id)
            .ToList();
        Assert.True(open.Count > 0, "no demo announcement is open for objections");
        return open;
    }

    // Clients submit in a loop until the kill; a receipt counts only when its client read the whole 201 answer.
    private static async Task<Round> SubmitUntilKilledAsync(RunningPortal portal, IReadOnlyList<long> open, int cycle, TimeSpan killAfter)
    {
        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var refused = new ConcurrentQueue<string>();
        var cutOff = 0;
        var killed = false;
        var clients = Enumerable.Range(1, Clients).Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(30) };
            for (var n = 0; !Volatile.Read(ref killed); n++)
            {
                // Every fifth text repeats, so the duplicate check runs under the kill too.
                var text = n % 5 == 4 ? ValidText : $"第{cycle}轮第{client}位第{n}件：该户家里有小汽车和商品房，不符合条件。";
                try
                {
                    using var response = await PostApiAsync(http, Body(open[n % open.Count], Categories[(client + n) % Categories.Length], text, named: n % 3 == 0));
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        refused.Enqueue($"{(int)response.StatusCode}: {body}");
                        continue;
                    }
                    var created = JsonSerializer.Deserialize<ObjectionEndpoints.Created>(body, JsonSerializerOptions.Web)!;
                    acknowledged.Enqueue(new Acknowledged(created.Receipt, created.CaseNumber, text));
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    // Sent after the kill, to nobody.
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill: never acknowledged, so free to be lost.
                    Interlocked.Increment(ref cutOff);
                }
            }
        }, Ct)).ToList();

        await Task.Delay(killAfter, Ct);
        await portal.KillAsync();
        Volatile.Write(ref killed, true);
        await Task.WhenAll(clients);
        return new Round([.. acknowledged], cutOff, [.. refused]);
    }

    private static object Body(long announcementId, string category, string text, bool named) => named
        ? new { announcementId, category, text, anonymous = false, name = "王秀英", phone = "13800001234", relation = "同村村民", consent = true }
        : AnonymousBody(announcementId, text, category);

    // Each receipt finds its own case and its own text.
    private static async Task AssertAllTrackedAsync(RunningPortal portal, IReadOnlyList<Acknowledged> acknowledged)
    {
        using var client = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(30) };
        var lost = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (a, _) =>
        {
            using var response = await TrackApiAsync(client, a.Receipt);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lost.Enqueue($"{a.CaseNumber} (receipt {a.Receipt}): {(int)response.StatusCode} {body}");
                return;
            }
            var tracked = JsonSerializer.Deserialize<ObjectionEndpoints.Tracked>(body, JsonSerializerOptions.Web)!;
            if (tracked.CaseNumber != a.CaseNumber || tracked.Text != a.Text)
            {
                lost.Enqueue($"{a.CaseNumber} (receipt {a.Receipt}): tracked as {tracked.CaseNumber} with text '{tracked.Text}'");
            }
        });
        Assert.True(lost.IsEmpty, $"{lost.Count} of {acknowledged.Count} acknowledged receipts do not track:\n{string.Join("\n", lost.Take(10))}\nPortal output:\n{portal.Output}");
    }

    // On a copy of the files as the kill left them, so that the check's own recovery and checkpoint leave the crashed
    // state for the portal's restart to deal with, whatever the journal mode.
    private static string IntegrityCheck(string database)
    {
        using var scratch = new TempFolder("crash-check");
        var copy = Path.Combine(scratch.Path, Path.GetFileName(database));
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            if (File.Exists(database + suffix)) File.Copy(database + suffix, copy + suffix);
        }
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }
}
