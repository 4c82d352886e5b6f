using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The administrators' reply templates page: an empty state, a refusal beside its field with what was typed kept,
// a new template in the list, deactivation, and an edit someone else overtook refused as changed meanwhile.
public sealed class ReplyTemplatesPageTests : PortalTestContext, IAsyncLifetime
{
    private static readonly StaffActor Admin = new(1, "admin", StaffRole.Administrator, RegionScope.Of(DemoDistrict.DistrictCode));
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private ReplyTemplates store = default!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.MigrateAsync();
        UseDatabase(database);
        store = database.Services.GetRequiredService<ReplyTemplates>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles("Administrator");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(PortalClaims.Region, DemoDistrict.DistrictCode));
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private IRenderedComponent<ReplyTemplatesPage> RenderPage()
    {
        var page = Render<ReplyTemplatesPage>();
        page.WaitForAssertion(() => Assert.Contains("答复模板", page.Markup));
        return page;
    }

    private static void Type(IRenderedComponent<ReplyTemplatesPage> page, int field, string text) =>
        page.FindComponents<MudTextField<string>>()[field].Find(field == 0 ? "input" : "textarea").Change(text);

    private static Task ClickAsync(IRenderedComponent<ReplyTemplatesPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new MouseEventArgs());

    [Fact]
    public void Open_WithNoTemplates_SaysSo()
    {
        var page = RenderPage();

        Assert.Contains("还没有答复模板", page.Find("[data-test=empty]").TextContent);
    }

    [Fact]
    public async Task Create_WithoutATitle_ShowsWhyBesideTheTitleAndKeepsTheBody()
    {
        var page = RenderPage();

        Type(page, 1, "您好！案件 {案件编号} 已核实。");
        await ClickAsync(page, "新建");

        page.WaitForAssertion(() => Assert.Contains("请填写模板名称", page.FindComponents<MudTextField<string>>()[0].Markup));
        Assert.Contains("您好！案件 {案件编号} 已核实。", page.Find("textarea").OuterHtml);
        Assert.Empty(await store.AllAsync(Ct));
    }

    [Fact]
    public async Task Create_Valid_AppearsInTheListAndIsAudited()
    {
        var page = RenderPage();

        Type(page, 0, "通用：异议不成立");
        Type(page, 1, "您好！经核实，异议不成立。");
        await ClickAsync(page, "新建");

        page.WaitForAssertion(() => Assert.Contains("已保存模板“通用：异议不成立”", page.Markup));
        Assert.Contains("通用：异议不成立", page.FindAll("td").Select(td => td.TextContent.Trim()));
        Assert.Contains("行政复核渠道", page.FindAll("td").Select(td => td.TextContent.Trim()));
        Assert.Single((await database.Audit.SearchAsync(new Portal.Features.Audit.AuditQuery(Kind: "ReplyTemplateCreated"), Ct)).Items);
    }

    [Fact]
    public async Task Deactivate_MarksItDeactivated()
    {
        await store.CreateAsync(new ReplyTemplateDraft(CaseLane.Misconduct, null, ReplyTemplateOutcome.Upheld, "纪检：属实", "属实"), Admin, Ct);
        var page = RenderPage();

        await ClickAsync(page, "停用");

        page.WaitForAssertion(() => Assert.Contains("已停用", page.FindAll("td").Select(td => td.TextContent.Trim())));
        Assert.False(Assert.Single(await store.AllAsync(Ct)).Active);
    }

    [Fact]
    public async Task Edit_ChangedMeanwhileByAnotherAdministrator_IsRefusedAndKeepsWhatWasTyped()
    {
        await store.CreateAsync(new ReplyTemplateDraft(CaseLane.Administrative, null, ReplyTemplateOutcome.NotUpheld, "不成立", "原文"), Admin, Ct);
        var page = RenderPage();
        await ClickAsync(page, "修改");
        var read = Assert.Single(await store.AllAsync(Ct));
        Assert.True((await store.UpdateAsync(read.Id, read.Concurrency, read.Draft with { Body = "另一位管理员改的" }, Admin, Ct)).IsAllowed);

        Type(page, 1, "我改的正文");
        await ClickAsync(page, "保存修改");

        page.WaitForAssertion(() => Assert.Contains("这个模板刚被他人修改", page.Find("[data-test=refused]").TextContent));
        Assert.Equal("另一位管理员改的", Assert.Single(await store.AllAsync(Ct)).Body);
        Assert.Contains("保存修改", page.Markup);
    }
}
