using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The case page's extend form: one per open deadline for whoever may act, saying the complainant reads the reason;
// a refusal names the field and keeps what was typed; an extension is then shown with its date and reason.
public sealed class ExtendDeadlineTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private StaffActor reviewer = default!;
    private long caseId;
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(1000, staff: true);
        // The dates below are the earlier 3 and 15 calendar days' deadlines.
        LaneTestOptions.UseEarlierDays(database.Workflow);
        UseDatabase(database);
        Services.AddSingleton<TimeProvider>(database.Clock);
        reviewer = (await database.Staff.FindAsync(StaffCases.Reviewer, Ct))!.Actor;
        var open = await StaffCases.OpenAnnouncementAsync(database.Announcements, Ct);
        caseId = (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            $"公示名单漏掉了一户符合条件的人家。{Guid.NewGuid():N}", true, null, null, null, true, []), null, Ct)).Accepted!.Id;
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private int changed;

    private async Task<CaseView> ViewAsync(StaffActor actor) => (await database.Review.GetAsync(caseId, actor, Ct))!;

    private async Task<IRenderedComponent<ExtendDeadline>> RenderAsync(StaffActor actor)
    {
        var calendar = await database.Services.GetRequiredService<CalendarStore>().CurrentAsync(Ct);
        var view = await ViewAsync(actor);
        RenderProviders();
        return Render<ExtendDeadline>(p => p.Add(x => x.View, view).Add(x => x.Actor, actor).Add(x => x.Calendar, calendar).Add(x => x.Changed, () => changed++));
    }

    [Fact]
    public async Task Form_ForTheReviewer_OffersBothOpenDeadlines_AndSaysTheComplainantReadsTheReason()
    {
        var cut = await RenderAsync(reviewer);

        Assert.Equal(["Acceptance", "Reply"], cut.FindAll("[data-extend]").Select(e => e.GetAttribute("data-extend")));
        Assert.Contains("当前期限：2026-12-01", cut.Markup);
        Assert.Contains("异议人会在“查询进度”页面看到这段原文", cut.Markup);
    }

    [Fact]
    public async Task Form_ForAnInspector_IsNotShown()
    {
        var cut = await RenderAsync((await database.Staff.FindAsync("inspector", Ct))!.Actor);

        Assert.Empty(cut.FindAll("[data-extend]"));
    }

    [Fact]
    public async Task Extend_WithoutAReason_NamesTheField_ThenWithOne_ShowsTheExtension()
    {
        var cut = await RenderAsync(reviewer);
        var picker = cut.FindComponents<MudDatePicker>()[1];
        await cut.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 20)));

        await cut.InvokeAsync(() => cut.Find("button[data-extend-button=Reply]").Click());

        cut.WaitForAssertion(() => Assert.Contains("延期原因：请填写延期原因。", cut.Find("[role=alert]").TextContent));
        Assert.Empty((await database.Services.GetRequiredService<DeadlineExtensions>().ForCaseAsync(caseId, Ct)).All);

        // The last text field is the reply's reason (each date picker has one of its own before it).
        var reason = cut.FindComponents<MudTextField<string>>()[^1];
        await cut.InvokeAsync(() => reason.Instance.ValueChanged.InvokeAsync("需要补充走访，答复时间顺延。"));
        await cut.InvokeAsync(() => cut.Find("button[data-extend-button=Reply]").Click());

        cut.WaitForAssertion(() => Assert.Equal(1, changed));
        Assert.DoesNotContain("role=\"alert\"", cut.Markup);
        cut.Render(p => p.Add(x => x.View, ViewAsync(reviewer).GetAwaiter().GetResult()));
        cut.WaitForAssertion(() => Assert.Contains("答复期限已由 yuxi.reviewer 延长至 2026-12-20：需要补充走访，答复时间顺延。", cut.Find("[data-extended=Reply]").TextContent));
        Assert.Equal(["Acceptance"], cut.FindAll("[data-extend]").Select(e => e.GetAttribute("data-extend")));
        Assert.Equal(new DateOnly(2026, 12, 20), (await database.Services.GetRequiredService<DeadlineExtensions>().ForCaseAsync(caseId, Ct)).Of(CaseDeadline.Reply)!.ExtendedTo);
    }
}
