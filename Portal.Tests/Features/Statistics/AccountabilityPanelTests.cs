using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Statistics;

// The accountability panel on /statistics, in the API and in /statistics/accountability.csv, for cases filed in Yuxi on
// the portal's clock across the 2026 National Day holiday. A portal of its own, so that no other test's cases count.
//   Monday 2026-09-28 10:00 Beijing: five cases come in. B (wrongly included) is refused at once; E (favouritism,
//   the misconduct lane) is accepted.
//   Friday 10-09: A (wrongly included) is accepted, upheld (its entry withdrawn) and replied to: 4 working days
//   (09-29, 09-30, 10-08, 10-09); A's complainant answers the follow-up (1 answer: too few).
//   Tuesday 10-20: C's deadlines are extended past today; D (still waiting for acceptance) and E (unanswered) are late.
public sealed partial class AccountabilityPanelTests : IAsyncLifetime
{
    private static readonly DemoDistrict.Township Yuxi = DemoDistrict.Townships[0];
    private static readonly DemoDistrict.Township Quiet = DemoDistrict.Townships[3];
    private readonly PortalAppFactory app = new() { FakeClock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 28, 2, 0, 0, TimeSpan.Zero)) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<StaffActor> ReviewerAsync(string userName = StaffCases.Reviewer) =>
        (await app.Services.GetRequiredService<StaffUserStore>().FindAsync(userName, Ct))!.Actor;

    private async Task<SubmittedObjection> FileAsync(ObjectionCategory category, int entry)
    {
        var announcements = app.Services.GetRequiredService<AnnouncementStore>();
        var open = await StaffCases.OpenAnnouncementAsync(announcements, Ct);
        var entryId = (await announcements.EntriesAsync(open.Id, Ct))[entry].Id;
        var result = await app.Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(open.Id, entryId, category,
            $"问责统计测试：该户情况与公示不符，请核实。{Guid.NewGuid():N}", true, null, null, null, true, []), null, Ct);
        Assert.NotNull(result.Accepted);
        return result.Accepted;
    }

    private Task ActAsync(long id, params (ReviewAction Action, string? Text, Outcome? Outcome)[] moves) => ActAsync(id, StaffCases.Reviewer, moves);

    private async Task ActAsync(long id, string userName, params (ReviewAction Action, string? Text, Outcome? Outcome)[] moves)
    {
        var reviewer = await ReviewerAsync(userName);
        foreach (var (action, text, outcome) in moves)
        {
            var row = (await app.Services.GetRequiredService<ObjectionStore>().GetAsync(id, Ct))!;
            var result = await app.Services.GetRequiredService<ReviewStore>().ActAsync(id, row.Concurrency, action, reviewer, text, outcome, Ct);
            Assert.True(result.IsAllowed, $"{action}: {result.Rule}");
        }
    }

    private async Task SeedAsync()
    {
        // The figures below follow the earlier 3 and 15 calendar days' deadlines.
        LaneTestOptions.UseEarlierDays(app.Services.GetRequiredService<ReviewWorkflow>());
        var a = await FileAsync(ObjectionCategory.WronglyIncluded, 0);
        var b = await FileAsync(ObjectionCategory.WronglyIncluded, 1);
        var c = await FileAsync(ObjectionCategory.InaccurateInformation, 2);
        await FileAsync(ObjectionCategory.Other, 3);
        var e = await FileAsync(ObjectionCategory.Favouritism, 4);
        await ActAsync(b.Id, (ReviewAction.Reject, "不属于本次公示的范围。", null));
        // A misconduct case is discipline inspection's.
        await ActAsync(e.Id, "inspector", (ReviewAction.Accept, "受理", null));

        app.FakeClock!.Advance(TimeSpan.FromDays(11));
        await ActAsync(a.Id, (ReviewAction.Accept, "受理", null), (ReviewAction.Investigate, "入户核实", null), (ReviewAction.Decide, null, Outcome.Upheld),
            (ReviewAction.Reply, "经核实异议成立，该户已从名单撤销。", null));
        Assert.True((await app.Services.GetRequiredService<FollowUpStore>().AnswerAsync(a.Receipt, true, true, null, Ct)).Result.IsAllowed);

        app.FakeClock.Advance(TimeSpan.FromDays(11));
        var today = Portal.Infrastructure.ShanghaiTime.Today(app.FakeClock.GetUtcNow());
        var extensions = app.Services.GetRequiredService<DeadlineExtensions>();
        Assert.True((await extensions.ExtendAsync(c.Id, CaseDeadline.Acceptance, today.AddDays(2), "需要乡镇核对材料。", await ReviewerAsync(), Ct)).IsAllowed);
        Assert.True((await extensions.ExtendAsync(c.Id, CaseDeadline.Reply, today.AddDays(5), "需要到村里补充走访。", await ReviewerAsync(), Ct)).IsAllowed);
    }

    // Township, lane, then the eight figures as the page prints them.
    private static readonly string[] Figures = ["received", "accepted", "upheld", "entriesCorrectedOrWithdrawn", "overdue", "extended", "medianWorkingDaysToReply", "satisfaction"];

    [GeneratedRegex("<table class=\"data entries accountability\">(.*?)</table>", RegexOptions.Singleline)]
    private static partial Regex PanelTable();

    [GeneratedRegex("<tr>\\s*<th scope=\"row\">([^<]*)</th>\\s*<th scope=\"row\"[^>]*>([^<]*)</th>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex PanelRow();

    [GeneratedRegex("<td class=\"num\" data-label=\"[^\"]*\">([^<]*)</td>")]
    private static partial Regex PanelCell();

    private async Task<Dictionary<(string, string), string[]>> PageAsync(string query = "")
    {
        var html = await app.CreateClient().GetStringAsync("/statistics" + query, Ct);
        var table = PanelTable().Match(html);
        Assert.True(table.Success, "no accountability table on /statistics");
        Assert.Contains("<caption", table.Groups[1].Value);
        return PanelRow().Matches(table.Groups[1].Value).ToDictionary(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)),
            m => PanelCell().Matches(m.Groups[3].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray());
    }

    private async Task<JsonElement[]> ApiAsync() =>
        [.. JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/statistics", Ct)).RootElement.GetProperty("accountability").EnumerateArray()];

    private async Task<string[][]> CsvAsync()
    {
        var response = await app.CreateClient().GetAsync("/statistics/accountability.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return [.. Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(','))];
    }

    private static JsonElement Api(JsonElement[] rows, string code, string lane) =>
        rows.Single(r => r.GetProperty("townshipCode").GetString() == code && r.GetProperty("lane").GetString() == lane);

    [Fact]
    public async Task PageApiAndCsv_ShowTheSameFigures_EachLaneInItsOwnRow()
    {
        await SeedAsync();

        var page = await PageAsync();
        var api = await ApiAsync();
        var csv = await CsvAsync();

        // Administrative: A, B, C, D received; A accepted, upheld, its entry withdrawn; D late; C extended; A in 4 and B in
        // 0 working days. Misconduct: E received and accepted in time; anonymous, it is owed no notices, so it is not late.
        string[] administrative = ["4", "1", "1", "1", "1", "1", "2", "回答太少"];
        string[] misconduct = ["1", "1", "0", "0", "0", "0", "尚无答复", "回答太少"];
        string[] none = ["0", "0", "0", "0", "0", "0", "尚无答复", "回答太少"];
        Assert.Equal(administrative, page[(Yuxi.Name, "行政渠道")]);
        Assert.Equal(misconduct, page[(Yuxi.Name, "纪检监察渠道")]);
        Assert.Equal(none, page[(Quiet.Name, "纪检监察渠道")]);
        Assert.Equal(DemoDistrict.Townships.Count * 2, page.Count);

        var admin = Api(api, Yuxi.Code, "Administrative");
        Assert.Equal([4, 1, 1, 1, 1, 1], Figures[..6].Select(f => admin.GetProperty(f).GetInt32()));
        Assert.Equal(2.0, admin.GetProperty("medianWorkingDaysToReply").GetDouble());
        Assert.Equal(1, admin.GetProperty("satisfactionAnswers").GetInt32());
        Assert.Equal(JsonValueKind.Null, admin.GetProperty("satisfaction").ValueKind);
        var inspection = Api(api, Yuxi.Code, "Misconduct");
        Assert.Equal([1, 1, 0, 0, 0, 0], Figures[..6].Select(f => inspection.GetProperty(f).GetInt32()));
        Assert.Equal(JsonValueKind.Null, inspection.GetProperty("medianWorkingDaysToReply").ValueKind);
        Assert.Equal(DemoDistrict.Townships.Count * 2, api.Length);

        Assert.Equal(["乡镇", "渠道", "收到", "受理", "成立", "撤销或更正名单", "超期", "延期", "答复用时中位数（工作日）", "满意度回答数", "满意率"], csv[0]);
        Assert.Equal([Yuxi.Name, "行政渠道", "4", "1", "1", "1", "1", "1", "2.0", "1", "回答太少"], csv.Single(r => r[0] == Yuxi.Name && r[1] == "行政渠道"));
        Assert.Equal([Yuxi.Name, "纪检监察渠道", "1", "1", "0", "0", "0", "0", "", "0", "回答太少"], csv.Single(r => r[0] == Yuxi.Name && r[1] == "纪检监察渠道"));

        // Every row agrees across the three.
        foreach (var row in api)
        {
            var lane = row.GetProperty("lane").GetString() == "Misconduct" ? "纪检监察渠道" : "行政渠道";
            var name = row.GetProperty("name").GetString()!;
            var counts = Figures[..6].Select(f => row.GetProperty(f).GetInt32().ToString(CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(counts, page[(name, lane)][..6]);
            Assert.Equal(counts, csv.Single(r => r[0] == name && r[1] == lane)[2..8]);
        }
    }

    [Fact]
    public async Task Page_InEnglish_NamesTheLanesAndSaysTooFewAnswers()
    {
        await FileAsync(ObjectionCategory.MisuseOfFunds, 0);

        var page = await PageAsync("?culture=en&ui-culture=en");

        Assert.Equal(["1", "0", "0", "0", "0", "0", "no replies yet", "too few answers"], page[(Yuxi.NameEn, "Discipline inspection")]);
        Assert.Equal(["0", "0", "0", "0", "0", "0", "no replies yet", "too few answers"], page[(Yuxi.NameEn, "Administrative")]);
    }

    // The page is cached; an acceptance (the panel's "accepted") and a refusal (its days to reply) show at once, as a
    // decision does.
    [Fact]
    public async Task AcceptanceAndRefusal_ShowOnTheCachedPageAtOnce()
    {
        var accepted = await FileAsync(ObjectionCategory.WronglyIncluded, 0);
        var refused = await FileAsync(ObjectionCategory.WronglyIncluded, 1);
        Assert.Equal(["2", "0"], (await PageAsync())[(Yuxi.Name, "行政渠道")][..2]);

        await ActAsync(accepted.Id, (ReviewAction.Accept, "受理", null));
        Assert.Equal(["2", "1"], (await PageAsync())[(Yuxi.Name, "行政渠道")][..2]);

        await ActAsync(refused.Id, (ReviewAction.Reject, "不属于本次公示的范围。", null));
        Assert.Equal("0", (await PageAsync())[(Yuxi.Name, "行政渠道")][6]);
    }
}
