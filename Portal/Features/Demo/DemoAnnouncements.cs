using Portal.Infrastructure;
using Portal.Features.Announcements;
using Portal.Features.Accounts;
using Portal.Infrastructure.Data;

namespace Portal.Features.Demo;

// Announcements in every state, published through the real store and rules. Steps that happened in the past
// run on a clock set back to their day, so the periods, hashes and version history are what they would be.
public sealed partial class DemoAnnouncements(DbConnectionFactory db, AnnouncementRules rules, TimeProvider clock)
{
    public async Task SeedAsync(IReadOnlyDictionary<string, StaffActor> staff, CancellationToken ct = default)
    {
        var townships = DemoDistrict.Townships;
        var (yuxi, guanyinjing, jiuzhen, liulin) = (townships[0], townships[1], townships[2], townships[3]);
        StaffActor Reviewer(DemoDistrict.Township t) => staff[$"{t.Pinyin}.reviewer"];

        // Open now, one of each kind.
        await PublishedAsync(AnnouncementKind.Identification, yuxi.Villages[0].Code, staff["guihua.clerk"], Reviewer(yuxi), -2, 7, 12, ct);
        await PublishedAsync(AnnouncementKind.Exit, yuxi.Villages[1].Code, Reviewer(yuxi), Reviewer(yuxi), -1, 7, 15, ct);
        await PublishedAsync(AnnouncementKind.AssistancePlan, yuxi.Villages[2].Code, Reviewer(yuxi), Reviewer(yuxi), -3, 7, 15, ct);
        await PublishedAsync(AnnouncementKind.FundsAndProjects, guanyinjing.Villages[0].Code, Reviewer(guanyinjing), Reviewer(guanyinjing), 0, 7, 5, ct);
        // The monitoring kinds are seeded with their cases (DemoMonitoring).

        // Closed: the period ended four days ago.
        await PublishedAsync(AnnouncementKind.Identification, jiuzhen.Villages[0].Code, Reviewer(jiuzhen), Reviewer(jiuzhen), -10, 7, 10, ct);

        // Withdrawn while open.
        var shima = await PublishedAsync(AnnouncementKind.Identification, guanyinjing.Villages[1].Code, Reviewer(guanyinjing), Reviewer(guanyinjing), -5, 7, 8, ct);
        await Must(StoreAt(-4).WithdrawAsync(shima, (await StoreAt(-4).GetAsync(shima, ct))!.Concurrency, "名单有误，经村民代表会议决定重新民主评议。", Reviewer(guanyinjing), ct));

        // A corrected version supersedes the first; the corrected one is finalized and advanced to the township stage, open now.
        var hongqi = liulin.Villages[0].Code;
        var first = await PublishedAsync(AnnouncementKind.Exit, hongqi, Reviewer(liulin), Reviewer(liulin), -30, 7, 12, ct);
        // The reason carries what a clerk may paste from a ledger (PlantedNumbers): the public reads it masked.
        var corrected = Created(await StoreAt(-29).ReviseAsync(first,
            $"经核实，第一户人均纯收入计算有误（该户户主身份证号 {PlantedNumbers.IdNumber}，联系电话 {PlantedNumbers.Mobile}，补助发放卡号 {PlantedNumbers.BankCard}），另补列一户符合退出条件的农户。",
            Reviewer(liulin), ct));
        var candidates = await ListableAsync(StoreAt(-29), AnnouncementKind.Exit, hongqi, ct);
        var entries = (await StoreAt(-29).EntriesAsync(first, ct)).Select(e => e.HouseholdId!.Value).Skip(1).Append(candidates[^1].Id).ToList();
        await Must(StoreAt(-29).SetDraftEntriesAsync(corrected, (await StoreAt(-29).GetAsync(corrected, ct))!.Concurrency, entries, Reviewer(liulin), ct));
        await PublishDraftAsync(corrected, -28, 7, Reviewer(liulin), ct);
        await Must(StoreAt(-20).FinalizeAsync(corrected, (await StoreAt(-20).GetAsync(corrected, ct))!.Concurrency, Reviewer(liulin), ct));
        var township = Created(await StoreAt(-1).AdvanceAsync(corrected, Reviewer(liulin), ct));
        await PublishDraftAsync(township, -1, 7, Reviewer(liulin), ct);

        // Finalized long ago: its period ended more than OnlineRetentionDays (30) ago, so the public reads each head of
        // household by surname only and its notice is for staff (OnlinePrivacy).
        var xindian = await PublishedAsync(AnnouncementKind.Identification, liulin.Villages[1].Code, Reviewer(liulin), Reviewer(liulin), -60, 7, 8, ct);
        await Must(StoreAt(-50).FinalizeAsync(xindian, (await StoreAt(-50).GetAsync(xindian, ct))!.Concurrency, Reviewer(liulin), ct));

        // A draft only staff can see.
        Created(await StoreAt(0).CreateDraftAsync(AnnouncementKind.Exit, jiuzhen.Villages[1].Code,
            (await ListableAsync(StoreAt(0), AnnouncementKind.Exit, jiuzhen.Villages[1].Code, ct)).Take(6).Select(c => c.Id).ToList(), Reviewer(jiuzhen), ct));

        await MonitoringAsync(staff, ct);
    }

    public sealed record LargePublication(long Id, int Entries, TimeSpan Choosing, TimeSpan DraftAndPublication);

    // For benchmarks: an open Exit announcement listing the given number of Guihua's households (or fewer, if it has
    // fewer that no open list names), with how long choosing them took (the candidates' list a clerk picks from) and how
    // long the draft and its publication took.
    public async Task<LargePublication> LargeAsync(int entries, CancellationToken ct = default)
    {
        var yuxi = DemoDistrict.Townships[0];
        var reviewer = new StaffActor(0, "benchmark", StaffRole.TownshipReviewer, Regions.RegionScope.Of(yuxi.Code));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var store = StoreAt(0);
        var chosen = (await ListableAsync(store, AnnouncementKind.Exit, yuxi.Villages[0].Code, ct))
            .OrderBy(c => c.Detail == "Applicant" ? 0 : 1).Take(entries).Select(c => c.Id).ToList();
        var choosing = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var id = Created(await store.CreateDraftAsync(AnnouncementKind.Exit, yuxi.Villages[0].Code, chosen, reviewer, ct));
        await PublishDraftAsync(id, 0, 7, reviewer, ct);
        return new LargePublication(id, chosen.Count, choosing, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private async Task<long> PublishedAsync(AnnouncementKind kind, string village, StaffActor author, StaffActor publisher,
        int startDay, int days, int entries, CancellationToken ct)
    {
        var store = StoreAt(startDay);
        var candidates = await ListableAsync(store, kind, village, ct);
        // New applicants first: the demo lists read like a first identification round.
        var chosen = candidates.OrderBy(c => c.Detail == "Applicant" ? 0 : 1).Take(entries).Select(c => c.Id).ToList();
        var id = Created(await store.CreateDraftAsync(kind, village, chosen, author, ct));
        await PublishDraftAsync(id, startDay, days, publisher, ct);
        return id;
    }

    // Only what the rules let a list name: an Exit list never names a household below the line or without the assurances.
    private static async Task<IReadOnlyList<Candidate>> ListableAsync(AnnouncementStore store, AnnouncementKind kind, string village, CancellationToken ct) =>
        (await store.CandidatesAsync(kind, village, ct)).Where(c => c.Refusal is null).ToList();

    private async Task PublishDraftAsync(long id, int startDay, int days, StaffActor publisher, CancellationToken ct)
    {
        var store = StoreAt(startDay);
        var today = ShanghaiTime.Today(clock.GetUtcNow()).AddDays(startDay);
        var draft = (await store.GetAsync(id, ct))!;
        await Must(store.PublishAsync(id, draft.Concurrency, new Period(today, today.AddDays(days - 1)), publisher, ct));
    }

    private AnnouncementStore StoreAt(int dayOffset)
    {
        var shifted = new ShiftedTimeProvider(clock, TimeSpan.FromDays(dayOffset));
        return new AnnouncementStore(db, rules, shifted, new Audit.AuditLog(db, shifted), new Calendar.CalendarStore(db, new Audit.AuditLog(db, shifted), shifted));
    }

    private static long Created(Created created) =>
        created.Id ?? throw new InvalidOperationException($"Demo announcement refused: {created.Result.Rule}");

    private static async Task Must(Task<RuleResult> step)
    {
        var result = await step;
        if (!result.IsAllowed) throw new InvalidOperationException($"Demo announcement step refused: {result.Rule}");
    }

    internal sealed class ShiftedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;
    }
}
