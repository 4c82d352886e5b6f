using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// The lanes through the portal: intake stores the lane, an inspector's take-over and hand-over are audited with their
// reason and shown in the staff timeline, and /track and its API show the lane and the deadlines — never the reason.
public sealed class LaneStoreTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Reason = "线索指向村干部优亲厚友，内部核查编号 JC-0042";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private async Task<StaffActor> ActorAsync(string user) => (await Get<StaffUserStore>().FindAsync(user, Ct))!.Actor;

    private async Task<(long Id, string CaseNumber, string Receipt)> FileAsync(string category)
    {
        var open = await OpenVillageAsync(app);
        var created = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, UniqueText("渠道"), category)));
        var caseNumber = created.GetProperty("caseNumber").GetString()!;
        var receipt = created.GetProperty("receipt").GetString()!;
        var tracked = (await Get<ObjectionIntake>().TrackAsync(receipt, Ct))!;
        return (tracked.Id, caseNumber, receipt);
    }

    private async Task<RuleResult> ActAsync(long id, ReviewAction action, StaffActor actor, string? text) =>
        await Get<ReviewStore>().ActAsync(id, (await Get<ObjectionStore>().GetAsync(id, Ct))!.Concurrency, action, actor, text, null, Ct);

    private async Task<JsonElement> TrackedAsync(string receipt)
    {
        var response = await TrackApiAsync(app.CreateClient(), receipt);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    [Theory]
    [InlineData("WronglyIncluded", CaseLane.Administrative, ReviewQueue.Township)]
    [InlineData("Favouritism", CaseLane.Misconduct, ReviewQueue.DisciplineInspection)]
    [InlineData("MisuseOfFunds", CaseLane.Misconduct, ReviewQueue.DisciplineInspection)]
    public async Task Intake_StoresTheLaneOfTheCategory_AndTrackShowsItWithTheDeadlinesAsShanghaiDates(string category, CaseLane lane, ReviewQueue queue)
    {
        var filed = await FileAsync(category);
        var row = (await Get<ObjectionStore>().GetAsync(filed.Id, Ct))!;
        var deadlines = Get<ReviewWorkflow>().Deadlines(await Get<CalendarStore>().CurrentAsync(Ct), row);

        var tracked = await TrackedAsync(filed.Receipt);

        Assert.Equal((lane, queue), (row.Lane, row.Queue));
        Assert.Equal(lane.ToString(), tracked.GetProperty("lane").GetString());
        Assert.Equal(deadlines.Acceptance.ToString("yyyy-MM-dd"), tracked.GetProperty("deadlines").GetProperty("acceptance").GetString());
        Assert.Equal(deadlines.Reply?.ToString("yyyy-MM-dd"), tracked.GetProperty("deadlines").GetProperty("reply").GetString());
        Assert.Equal(lane == CaseLane.Administrative, deadlines.Reply is not null);
        Assert.False(tracked.GetProperty("final").GetBoolean());
    }

    [Fact]
    public async Task TakeOver_ByTheInspector_IsAuditedWithItsReason_InTheStaffTimeline_AndTrackSaysOnlyThatTheCaseMoved()
    {
        var filed = await FileAsync("WronglyIncluded");
        var inspector = await ActorAsync("inspector");
        Assert.Equal("Lanes.OnlyInspectorsTakeOver", (await ActAsync(filed.Id, ReviewAction.TakeOver, await ActorAsync("district.reviewer"), Reason)).Rule);

        Assert.True((await ActAsync(filed.Id, ReviewAction.TakeOver, inspector, Reason)).IsAllowed);

        var row = (await Get<ObjectionStore>().GetAsync(filed.Id, Ct))!;
        Assert.Equal((CaseLane.Misconduct, ReviewQueue.DisciplineInspection, inspector.UserName), (row.Lane, row.Queue, row.AssignedTo));
        var audited = (await Get<AuditLog>().SearchAsync(new AuditQuery(Kind: "ObjectionTakeOver"), Ct)).Items.Single(e => e.Subject == $"objection:{filed.CaseNumber}");
        Assert.Equal(inspector.UserName, audited.Actor);
        using (var data = JsonDocument.Parse(audited.Data))
        {
            Assert.Equal((Reason, "Administrative", "Misconduct", "Township", "DisciplineInspection"),
                (data.RootElement.GetProperty("reason").GetString(), data.RootElement.GetProperty("fromLane").GetString(), data.RootElement.GetProperty("toLane").GetString(),
                 data.RootElement.GetProperty("from").GetString(), data.RootElement.GetProperty("to").GetString()));
        }
        var timeline = (await Get<ReviewStore>().GetAsync(filed.Id, inspector, Ct))!.Timeline;
        Assert.Contains(timeline, e => e.Kind == ObjectionEventKind.StateChanged && e.Text == "Lane.Misconduct" && e.Actor == inspector.UserName);
        Assert.Contains(timeline, e => e.Kind == ObjectionEventKind.InternalNote && e.Text == Reason);
        // The township no longer holds it.
        Assert.DoesNotContain(await Get<ReviewStore>().OpenCasesAsync(await ActorAsync("yuxi.reviewer"), Ct), c => c.Id == filed.Id);

        var html = await (await PostTrackFormAsync(BrowserClient(app), filed.Receipt)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("本件已转由纪检监察机关办理", html);
        Assert.DoesNotContain("JC-0042", html);
        var tracked = await TrackedAsync(filed.Receipt);
        Assert.Equal("Misconduct", tracked.GetProperty("lane").GetString());
        Assert.DoesNotContain("JC-0042", tracked.GetRawText());
    }

    [Fact]
    public async Task HandOver_OfAFavouritismCase_GoesToTheTownshipOfTheAnnouncement_WhereItsReviewerAccepts()
    {
        var filed = await FileAsync("Favouritism");
        var inspector = await ActorAsync("inspector");
        Assert.Equal("Lanes.ReasonRequired", (await ActAsync(filed.Id, ReviewAction.HandOver, inspector, " ")).Rule);

        Assert.True((await ActAsync(filed.Id, ReviewAction.HandOver, inspector, "反映的是评议程序问题，属行政管理范围")).IsAllowed);

        var row = (await Get<ObjectionStore>().GetAsync(filed.Id, Ct))!;
        Assert.Equal((CaseLane.Administrative, ReviewQueue.Township, (string?)null, ObjectionState.Received), (row.Lane, row.Queue, row.AssignedTo, row.State));
        Assert.Single((await Get<AuditLog>().SearchAsync(new AuditQuery(Kind: "ObjectionHandOver"), Ct)).Items, e => e.Subject == $"objection:{filed.CaseNumber}");
        var township = Portal.Features.Demo.DemoDistrict.Townships.Single(t => t.Code == row.QueueRegionCode);
        var reviewer = await ActorAsync($"{township.Pinyin}.reviewer");
        Assert.Contains(await Get<ReviewStore>().OpenCasesAsync(reviewer, Ct), c => c.Id == filed.Id);
        Assert.Equal("Administrative", (await TrackedAsync(filed.Receipt)).GetProperty("lane").GetString());
    }
}
