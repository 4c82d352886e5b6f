using Portal.Features.Calendar;
using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// "Start from a template" on the case page: only the active templates of the case's lane and category for the action
// are offered; choosing one fills the text box (placeholders filled in), and text already typed is replaced only
// when the reviewer says so.
public sealed class ReplyTemplatePickerTests : PortalTestContext, IAsyncLifetime
{
    private static readonly StaffActor Admin = new(1, "admin", StaffRole.Administrator, RegionScope.Of("511302000000"));
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private ReplyTemplates store = default!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.MigrateAsync();
        UseDatabase(database);
        store = database.Services.GetRequiredService<ReplyTemplates>();
        ReplyTemplateDraft upheld = new(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld,
            "被纳入：成立", "您好！您对“{公示标题}”的异议（案件编号 {案件编号}）成立，该户已从名单中撤下。");
        foreach (var draft in new[]
        {
            upheld,
            upheld with { Category = null, Title = "行政：任何类别成立", Body = "行政任何类别" },
            upheld with { Category = ObjectionCategory.WronglyExcluded, Title = "未纳入：成立", Body = "未纳入" },
            upheld with { Outcome = ReplyTemplateOutcome.NotUpheld, Title = "被纳入：不成立", Body = "不成立，可在{申诉期限}内申诉" },
            upheld with { Outcome = ReplyTemplateOutcome.Inadmissible, Title = "被纳入：不予受理", Body = "不予受理" },
            upheld with { Lane = CaseLane.Misconduct, Category = null, Title = "纪检：属实", Body = "纪检属实" },
            upheld with { Title = "停用的模板", Body = "停用", Active = false },
        })
        {
            Assert.True((await store.CreateAsync(draft, Admin, Ct)).Result.IsAllowed, draft.Title);
        }
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private static ObjectionRow Case(ObjectionCategory category, string? outcome = "Upheld") => new()
    {
        Id = 7, CaseNumber = "YX-2026-000123", Category = category, Lane = Lanes.Of(category), State = ObjectionState.Decided, Outcome = outcome,
    };

    private IRenderedComponent<ReplyTemplatePicker> RenderPicker(ObjectionRow row, ReviewAction action, string? text, Action<string?> changed) =>
        Render<ReplyTemplatePicker>(p => p
            .Add(x => x.Case, row)
            .Add(x => x.AnnouncementTitle, "鱼溪村2026年识别公示")
            .Add(x => x.Action, action)
            .Add(x => x.Text, text)
            .Add(x => x.TextChanged, changed));

    private static List<string> Offered(IRenderedComponent<ReplyTemplatePicker> picker) =>
        picker.FindAll("button[data-template]").Select(b => b.TextContent.Trim()).Order().ToList();

    [Fact]
    public void Reply_OnAnUpheldWronglyIncludedCase_OffersOnlyTheAdministrativeLanesTemplatesForItsCategoryAndOutcome()
    {
        var picker = RenderPicker(Case(ObjectionCategory.WronglyIncluded), ReviewAction.Reply, null, _ => { });

        picker.WaitForAssertion(() => Assert.Equal(["行政：任何类别成立", "被纳入：成立"], Offered(picker)));
        Assert.Contains("从模板开始", picker.Markup);
    }

    [Fact]
    public void Reject_OffersOnlyTheReasonsForNotTakingACase()
    {
        var picker = RenderPicker(Case(ObjectionCategory.WronglyIncluded, null), ReviewAction.Reject, null, _ => { });

        picker.WaitForAssertion(() => Assert.Equal(["被纳入：不予受理"], Offered(picker)));
    }

    [Fact]
    public void Reply_OnAFavouritismCase_OffersTheMisconductLanesTemplatesOnly()
    {
        var picker = RenderPicker(Case(ObjectionCategory.Favouritism), ReviewAction.Reply, null, _ => { });

        picker.WaitForAssertion(() => Assert.Equal(["纪检：属实"], Offered(picker)));
    }

    [Fact]
    public void Note_OrACategoryWithoutTemplates_ShowsNoPicker()
    {
        var note = RenderPicker(Case(ObjectionCategory.WronglyIncluded), ReviewAction.Note, null, _ => { });
        var other = RenderPicker(Case(ObjectionCategory.Other, "NotUpheld"), ReviewAction.Reply, null, _ => { });

        Assert.Empty(note.FindAll("[data-test=reply-templates]"));
        Assert.Empty(other.FindAll("[data-test=reply-templates]"));
    }

    [Fact]
    public async Task Choose_WithAnEmptyBox_FillsItWithThePlaceholdersFilledIn()
    {
        string? filled = null;
        var picker = RenderPicker(Case(ObjectionCategory.WronglyIncluded), ReviewAction.Reply, "  ", v => filled = v);
        picker.WaitForAssertion(() => Assert.NotEmpty(Offered(picker)));

        await picker.FindAll("button[data-template]").Single(b => b.TextContent.Trim() == "被纳入：成立").ClickAsync(new MouseEventArgs());

        Assert.Equal("您好！您对“鱼溪村2026年识别公示”的异议（案件编号 YX-2026-000123）成立，该户已从名单中撤下。", filled);
    }

    [Fact]
    public async Task Choose_TheAppealWindowPlaceholder_SaysTheConfiguredWindow()
    {
        string? filled = null;
        var picker = RenderPicker(Case(ObjectionCategory.WronglyIncluded, "NotUpheld"), ReviewAction.Reply, null, v => filled = v);
        picker.WaitForAssertion(() => Assert.NotEmpty(Offered(picker)));

        await picker.FindAll("button[data-template]").Single(b => b.TextContent.Trim() == "被纳入：不成立").ClickAsync(new MouseEventArgs());

        // A township's reply: the window is the first appeal's (复查), in its unit.
        var window = database.Services.GetRequiredService<ReviewWorkflow>().Options.Lanes.Administrative.FirstAppeal;
        var unit = window.UnitOf() == PeriodUnit.WorkingDays ? " 个工作日" : " 日";
        Assert.Equal($"不成立，可在{window.Count}{unit}内申诉", filled);
    }

    [Fact]
    public async Task Choose_WithTextTyped_AsksFirst_KeepingTheTextLeavesItAndReplacingFillsIt()
    {
        var dialogs = Render<MudDialogProvider>();
        var calls = new List<string?>();
        var picker = RenderPicker(Case(ObjectionCategory.WronglyIncluded), ReviewAction.Reply, "我已经写好的答复", calls.Add);
        picker.WaitForAssertion(() => Assert.NotEmpty(Offered(picker)));
        var template = picker.FindAll("button[data-template]").Single(b => b.TextContent.Trim() == "行政：任何类别成立");

        var keeping = template.ClickAsync(new MouseEventArgs());
        dialogs.WaitForAssertion(() => Assert.Contains("替换已写的内容", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "保留已写的内容").ClickAsync(new MouseEventArgs());
        await keeping;
        Assert.Empty(calls);

        var replacing = picker.FindAll("button[data-template]").Single(b => b.TextContent.Trim() == "行政：任何类别成立").ClickAsync(new MouseEventArgs());
        dialogs.WaitForAssertion(() => Assert.Contains("替换已写的内容", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "替换").ClickAsync(new MouseEventArgs());
        await replacing;
        Assert.Equal(["行政任何类别"], calls);
    }
}
