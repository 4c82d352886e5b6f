using Portal.Infrastructure;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Accounts;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// A village publicity of four households: an upheld objection withdraws one, the township publicity that follows drops
// another with a reason. Its page and its API say both, with why.
public sealed class LaterStageApp : PortalAppFactory, IAsyncLifetime
{
    public const string DropReason = "户主已去世，家庭并入子女户";

    public long Village { get; private set; }
    public long Township { get; private set; }
    public string CaseNumber { get; private set; } = "";
    public IReadOnlyList<AnnouncementEntry> VillageEntries { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Services.GetRequiredService<AnnouncementStore>();
        var reviewer = (await Services.GetRequiredService<StaffUserStore>().FindAsync("liulin.reviewer", ct))!.Actor;
        var village = DemoDistrict.Townships[3].Villages[1].Code;
        var today = ShanghaiTime.Today(DateTimeOffset.UtcNow);

        var households = (await store.CandidatesAsync(AnnouncementKind.Exit, village, ct)).Where(c => c.Refusal is null).Take(4).Select(c => c.Id).ToList();
        Village = (await store.CreateDraftAsync(AnnouncementKind.Exit, village, households, reviewer, ct)).Id!.Value;
        Must(await store.PublishAsync(Village, (await store.GetAsync(Village, ct))!.Concurrency, new Period(today, today.AddDays(6)), reviewer, ct));
        VillageEntries = await store.EntriesAsync(Village, ct);

        var filed = (await Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(Village, VillageEntries[1].Id,
            ObjectionCategory.WronglyIncluded, "该户家里有小汽车和商品房，不符合脱贫退出的认定程序。", true, null, null, null, true, []), null, ct)).Accepted!;
        CaseNumber = filed.CaseNumber;
        var review = Services.GetRequiredService<ReviewStore>();
        var objections = Services.GetRequiredService<ObjectionStore>();
        foreach (var (action, outcome, text) in new (ReviewAction, Outcome?, string?)[]
        {
            (ReviewAction.Accept, null, "受理"), (ReviewAction.Investigate, null, "入户核实"), (ReviewAction.Decide, Outcome.Upheld, null),
            (ReviewAction.Reply, null, "经核实，异议成立，该户已从名单中撤销。"),
        })
        {
            Must(await review.ActAsync(filed.Id, (await objections.GetAsync(filed.Id, ct))!.Concurrency, action, reviewer, text, outcome, ct));
        }

        // After the village period: finalize, advance, drop one household with a reason, publish the township stage.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8));
        var db = Services.GetRequiredService<DbConnectionFactory>();
        var laterStore = new AnnouncementStore(db, Services.GetRequiredService<AnnouncementRules>(), later, new AuditLog(db, later), new Portal.Features.Calendar.CalendarStore(db, new AuditLog(db, later), later));
        Must(await laterStore.FinalizeAsync(Village, (await laterStore.GetAsync(Village, ct))!.Concurrency, reviewer, ct));
        Township = (await laterStore.AdvanceAsync(Village, reviewer, ct)).Id!.Value;
        Must(await laterStore.SetDraftEntriesAsync(Township, (await laterStore.GetAsync(Township, ct))!.Concurrency,
            [VillageEntries[0].HouseholdId!.Value, VillageEntries[2].HouseholdId!.Value], new Dictionary<long, string> { [VillageEntries[3].HouseholdId!.Value] = DropReason },
            reviewer, ct));
        var start = today.AddDays(8);
        Must(await laterStore.PublishAsync(Township, (await laterStore.GetAsync(Township, ct))!.Concurrency, new Period(start, start.AddDays(6)), reviewer, ct));
    }

    private static void Must(RuleResult result) => Assert.True(result.IsAllowed, result.Rule);
}

public sealed class LaterStagePublicTests(LaterStageApp app) : IClassFixture<LaterStageApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> GetStringAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static string DroppedSection(string html)
    {
        var start = html.IndexOf("<section aria-labelledby=\"dropped-heading\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no section of dropped entries");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Page_OfTheTownshipStage_ListsWhatWasDroppedSinceTheVillageStageAndWhy()
    {
        var html = await GetStringAsync($"/announcements/{app.Township}");

        var section = DroppedSection(html);
        Assert.Contains("较上一阶段（村级公示）删除的名单 (2)", section);
        var rows = section.Split("<tr>")[2..];
        Assert.Equal(2, rows.Length);
        Assert.Contains($">{app.VillageEntries[1].Subject}<", rows[0]);
        Assert.Contains($"异议成立后撤销（案件编号 {app.CaseNumber}）", rows[0]);
        Assert.Contains($">{app.VillageEntries[3].Subject}<", rows[1]);
        Assert.Contains($"工作人员删除：{LaterStageApp.DropReason}", rows[1]);
        Assert.DoesNotContain(app.VillageEntries[0].Subject, section);
    }

    [Fact]
    public async Task Page_OfTheTownshipStage_ShowsOfEachDroppedHouseholdOnlyTheFieldsTheVillageStagePublished()
    {
        var html = await GetStringAsync($"/announcements/{app.Township}");

        var section = DroppedSection(html);
        var headers = section.Split("<th scope=\"col\">")[1..].Select(h => h[..h.IndexOf('<')]).ToList();
        Assert.Equal(AnnouncementFields.For(AnnouncementKind.Exit).Count + 1, headers.Count);
        Assert.Equal(AnnouncementFields.For(AnnouncementKind.Exit).Count + 1, section.Split("<tr>")[2].Split("<td").Length - 1);
    }

    [Fact]
    public async Task Page_OfTheVillageStage_HasNoDroppedSection()
    {
        var html = await GetStringAsync($"/announcements/{app.Village}");

        Assert.DoesNotContain("dropped-heading", html);
    }

    [Fact]
    public async Task Api_OfTheTownshipStage_CarriesTheSameListWithTheCaseNumberAndTheReason()
    {
        using var json = JsonDocument.Parse(await GetStringAsync($"/api/v1/announcements/{app.Township}"));

        var dropped = json.RootElement.GetProperty("dropped").EnumerateArray().ToList();
        Assert.Equal(2, dropped.Count);
        Assert.Equal(app.VillageEntries[1].Id, dropped[0].GetProperty("entryId").GetInt64());
        Assert.Equal("WithdrawnAfterObjection", dropped[0].GetProperty("why").GetString());
        Assert.Equal(app.CaseNumber, dropped[0].GetProperty("caseNumber").GetString());
        Assert.Equal(app.VillageEntries[1].Subject, dropped[0].GetProperty("fields").GetProperty("subject").GetString());
        Assert.Equal("DroppedByStaff", dropped[1].GetProperty("why").GetString());
        Assert.Equal(LaterStageApp.DropReason, dropped[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, dropped[1].GetProperty("caseNumber").ValueKind);
        var published = json.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.All(dropped, d => Assert.Equal(published, d.GetProperty("fields").EnumerateObject().Select(p => p.Name)));
    }
}
