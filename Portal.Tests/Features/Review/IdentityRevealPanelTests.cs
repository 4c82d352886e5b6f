using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The case page's identity panel and the workbench's queue of requests: the asker waits and cannot approve their own
// request, a second inspector approves or refuses with a reason, the asker then sees the name only when they ask to, and
// it leaves the screen by itself after a few minutes.
public sealed class IdentityRevealPanelTests : PortalTestContext, IAsyncLifetime
{
    private const string Name = "金丝雀面板员丁";
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private StaffActor asker = default!;
    private StaffActor second = default!;
    private long caseId;
    private string caseNumber = "";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IdentityReveals Reveals => database.Services.GetRequiredService<IdentityReveals>();

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(1000, staff: true);
        UseDatabase(database);
        Services.AddSingleton<TimeProvider>(database.Clock);
        asker = (await database.Staff.FindAsync("inspector", Ct))!.Actor;
        second = (await database.Staff.FindAsync("inspector2", Ct))!.Actor;
        var filed = await FileAsync(named: true);
        (caseId, caseNumber) = (filed.Id, filed.CaseNumber);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<SubmittedObjection> FileAsync(bool named)
    {
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        return (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Favouritism,
            $"村干部把亲戚报进了名单，我愿意配合调查。{Guid.NewGuid():N}", !named, named ? Name : null, named ? "13900003333" : null, named ? "本村村民" : null,
            true, []), null, Ct)).Accepted!;
    }

    private async Task<IRenderedComponent<IdentityRevealPanel>> RenderAsync(StaffActor actor, long? id = null)
    {
        var view = (await database.Review.GetAsync(id ?? caseId, actor, Ct))!;
        RenderProviders();
        var cut = Render<IdentityRevealPanel>(p => p.Add(x => x.View, view).Add(x => x.Actor, actor));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-reveal-panel]")));
        return cut;
    }

    private async Task AskAsync() => Assert.True((await Reveals.AskAsync(caseId, "需要联系实名反映人核实线索", asker, Ct)).IsAllowed);

    private async Task ApproveAsync() =>
        Assert.True((await Reveals.DecideAsync(Assert.Single(await Reveals.ForCaseAsync(caseId, asker, Ct)).Id, true, "线索具体，同意联系", second, Ct)).IsAllowed);

    [Fact]
    public async Task Panel_TheAskerAsks_ThenWaits_WithNoWayToApproveTheirOwnRequest()
    {
        var cut = await RenderAsync(asker);
        await cut.InvokeAsync(() => cut.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync("需要联系实名反映人核实线索"));

        await cut.InvokeAsync(() => cut.Find("button[data-reveal-ask]").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-reveal-mine=Pending]")));
        Assert.Contains("正在等待另一名纪检监察人员审批", cut.Markup);
        Assert.Contains("不能审批自己的申请", cut.Markup);
        Assert.Empty(cut.FindAll("[data-reveal-approve]"));
        Assert.Empty(cut.FindAll("[data-reveal-view]"));
        Assert.DoesNotContain(Name, cut.Markup);
    }

    [Fact]
    public async Task Panel_AskingWithoutAReason_NamesTheFieldAndAsksNothing()
    {
        var cut = await RenderAsync(asker);

        await cut.InvokeAsync(() => cut.Find("button[data-reveal-ask]").Click());

        cut.WaitForAssertion(() => Assert.Contains("理由：请写明理由（4 至 500 字）。", cut.Find("[role=alert]").TextContent));
        Assert.Empty(await Reveals.ForCaseAsync(caseId, asker, Ct));
    }

    [Fact]
    public async Task Panel_ForTheSecondInspector_ApprovesWithAReason_AndSeesNoName()
    {
        await AskAsync();
        var cut = await RenderAsync(second);
        var request = Assert.Single(await Reveals.ForCaseAsync(caseId, asker, Ct));
        Assert.Contains("inspector 于", cut.Find($"[data-reveal-request='{request.Id}']").TextContent);

        await cut.InvokeAsync(() => cut.Find($"button[data-reveal-approve='{request.Id}']").Click());
        cut.WaitForAssertion(() => Assert.Contains("理由：请写明理由", cut.Find("[role=alert]").TextContent));
        var reason = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.UserAttributes.ContainsKey("data-reveal-decide-reason"));
        await cut.InvokeAsync(() => reason.Instance.ValueChanged.InvokeAsync("线索具体，同意联系"));
        await cut.InvokeAsync(() => cut.Find($"button[data-reveal-approve='{request.Id}']").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-reveal-request]")));
        var decided = Assert.Single(await Reveals.ForCaseAsync(caseId, asker, Ct));
        Assert.Equal((RevealState.Approved, "inspector2", "线索具体，同意联系"), (decided.State, decided.Decider, decided.DecisionReason));
        Assert.DoesNotContain(Name, cut.Markup);
    }

    [Fact]
    public async Task Panel_ForTheApprovedAsker_ShowsTheNameOnlyWhenAsked_AndHidesItAfterFiveMinutes()
    {
        await AskAsync();
        await ApproveAsync();
        var cut = await RenderAsync(asker);
        Assert.Contains("inspector2 已批准您的申请", cut.Markup);
        Assert.DoesNotContain(Name, cut.Markup);

        await cut.InvokeAsync(() => cut.Find("button[data-reveal-view]").Click());
        cut.WaitForAssertion(() => Assert.Contains(Name, cut.Find("[data-reveal-identity]").TextContent));
        Assert.Single(await Reveals.ViewedAsync(caseId, Ct));

        database.Clock.Advance(IdentityRevealPanel.ShownFor);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-reveal-identity]")));
        Assert.DoesNotContain(Name, cut.Markup);
        Assert.NotEmpty(cut.FindAll("button[data-reveal-view]"));
    }

    [Fact]
    public async Task Panel_OnAnAnonymousCase_SaysThereIsNoIdentity_AndOffersNoRequest()
    {
        var anonymous = await FileAsync(named: false);

        var cut = await RenderAsync(asker, anonymous.Id);

        Assert.Contains("这是匿名异议，没有身份信息，不能申请查看。", cut.Find("[data-reveal-anonymous]").TextContent);
        Assert.Empty(cut.FindAll("button[data-reveal-ask]"));
    }

    [Fact]
    public async Task Panel_ForAReviewer_IsNotShown()
    {
        var reviewer = (await database.Staff.FindAsync("district.reviewer", Ct))!.Actor;
        var view = await database.Review.GetAsync(caseId, reviewer, Ct) ?? await database.Review.GetAsync(caseId, asker, Ct);
        RenderProviders();

        var cut = Render<IdentityRevealPanel>(p => p.Add(x => x.View, view!).Add(x => x.Actor, reviewer));

        Assert.Empty(cut.FindAll("[data-reveal-panel]"));
    }

    [Fact]
    public async Task Queue_OnTheSecondInspectorsWorkbench_ListsTheRequestWithALinkToTheCase_NotOnTheAskers()
    {
        await AskAsync();
        var auth = AddAuthorization();
        auth.SetAuthorized(second.UserName);
        auth.SetRoles(nameof(StaffRole.DisciplineInspector));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, second.UserId.ToString(CultureInfo.InvariantCulture)), new Claim(PortalClaims.Region, DemoDistrict.DistrictCode));

        var queue = Render<RevealRequestsQueue>();

        queue.WaitForAssertion(() => Assert.Contains("待审批的实名查看申请（1）", queue.Markup));
        Assert.Equal(CasePage.Url(caseId), queue.FindAll("a").Single(a => a.TextContent.Trim() == caseNumber).GetAttribute("href"));
        Assert.Contains("需要联系实名反映人核实线索", queue.Markup);
    }
}
