using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// What the public sees of an extension, on the portal's clock moved past a case's deadlines: the complainant reads
// the new dates and the reasons on /track and from the track API, and the case stops counting as overdue on
// /statistics, in its API and in its CSV.
public sealed partial class DeadlineExtensionHttpTests : IAsyncLifetime
{
    private const string AcceptanceReason = "材料需要乡镇核对，受理决定顺延两天。";
    private const string ReplyReason = "需要到村里补充走访，答复时间顺延。";
    private const string Yuxi = "玉溪镇";
    private readonly PortalAppFactory app = new() { FakeClock = new FakeTimeProvider(DateTimeOffset.UtcNow) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [GeneratedRegex(@"<th scope=""row"">玉溪镇</th>\s*<td class=""num"">[\d,]+</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">(\d+)</td>\s*</tr>")]
    private static partial Regex YuxiObjectionsRow();

    private async Task<(string Receipt, long Id)> SubmitInYuxiAsync()
    {
        var open = await StaffCases.OpenAnnouncementAsync(app.Services.GetRequiredService<AnnouncementStore>(), Ct);
        var json = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, UniqueText("延期"))));
        return (json.GetProperty("receipt").GetString()!, RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!).Id);
    }

    private async Task<(int Page, int Api, int Csv)> YuxiOverdueAsync()
    {
        // The figures are built in the background after a change; the page, the API and the CSV then read the same ones.
        await app.Services.GetRequiredService<Portal.Features.Statistics.DistrictStatistics>().UpToDateAsync(Ct);
        var client = app.CreateClient();
        var page = int.Parse(YuxiObjectionsRow().Match(await client.GetStringAsync("/statistics", Ct)).Groups[1].Value);
        var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/statistics", Ct)).RootElement.GetProperty("objectionsByTownship")
            .EnumerateArray().Single(t => t.GetProperty("name").GetString() == Yuxi).GetProperty("overdue").GetInt32();
        var lines = (await client.GetStringAsync("/statistics/objections.csv", Ct)).TrimStart('\uFEFF').Split("\r\n");
        var overdueColumn = Array.IndexOf(lines[0].Split(','), "超期");
        Assert.True(overdueColumn > 0, $"objections.csv has no 超期 column: {lines[0]}");
        var csv = int.Parse(lines.Single(l => l.StartsWith(Yuxi + ",")).Split(',')[overdueColumn]);
        return (page, api, csv);
    }

    private async Task ExtendBothAsync(long id, DateOnly acceptance, DateOnly reply)
    {
        var reviewer = (await app.Services.GetRequiredService<StaffUserStore>().FindAsync(StaffCases.Reviewer, Ct))!.Actor;
        var extensions = app.Services.GetRequiredService<DeadlineExtensions>();
        var first = await extensions.ExtendAsync(id, CaseDeadline.Acceptance, acceptance, AcceptanceReason, reviewer, Ct);
        Assert.True(first.IsAllowed, first.Rule);
        var second = await extensions.ExtendAsync(id, CaseDeadline.Reply, reply, ReplyReason, reviewer, Ct);
        Assert.True(second.IsAllowed, second.Rule);
    }

    [Fact]
    public async Task Extension_PastToday_TakesTheCaseOutOfThePublicOverdueCount_AndTrackShowsTheDatesAndReasons()
    {
        var (receipt, id) = await SubmitInYuxiAsync();
        // Three weeks on, both deadlines (3 and 15 days) have passed and nobody has answered.
        app.FakeClock!.Advance(TimeSpan.FromDays(21));
        var today = ShanghaiTime.Today(app.FakeClock.GetUtcNow());
        var late = await YuxiOverdueAsync();
        Assert.True(late.Page >= 1);
        Assert.Equal(late.Page, late.Api);
        Assert.Equal(late.Page, late.Csv);

        await ExtendBothAsync(id, today.AddDays(2), today.AddDays(5));

        Assert.Equal((late.Page - 1, late.Page - 1, late.Page - 1), await YuxiOverdueAsync());

        var acceptanceTo = today.AddDays(2).ToString("yyyy-MM-dd");
        var replyTo = today.AddDays(5).ToString("yyyy-MM-dd");
        var response = await PostTrackFormAsync(BrowserClient(app), receipt);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<dt>受理审查期限</dt><dd>{acceptanceTo} 24:00</dd>", html);
        Assert.Contains($"<dt>答复期限</dt><dd>{replyTo} 24:00</dd>", html);
        Assert.Contains($"受理审查期限延长至 {acceptanceTo} 24:00", html);
        Assert.Contains($"答复期限延长至 {replyTo} 24:00", html);
        Assert.Contains(AcceptanceReason, html);
        Assert.Contains(ReplyReason, html);

        var json = await JsonAsync(await TrackApiAsync(app.CreateClient(), receipt));
        var listed = json.GetProperty("extensions").EnumerateArray()
            .Select(e => (e.GetProperty("deadline").GetString(), e.GetProperty("extendedTo").GetString(), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal([("Acceptance", acceptanceTo, AcceptanceReason), ("Reply", replyTo, ReplyReason)], listed);
    }

    [Fact]
    public async Task Track_WithoutAnExtension_ListsNone()
    {
        var (receipt, _) = await SubmitInYuxiAsync();

        var json = await JsonAsync(await TrackApiAsync(app.CreateClient(), receipt));
        var html = await (await PostTrackFormAsync(BrowserClient(app), receipt)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(0, json.GetProperty("extensions").GetArrayLength());
        Assert.DoesNotContain("extensions-heading", html);
    }
}
