using System.Globalization;
using System.Security.Claims;
using Bunit;
using Portal.Features.Assistance;
using Portal.Features.Assistance.Staff;
using Portal.Features.Demo;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Assistance;

// The clerk's project form: a refusal names the field and keeps everything typed; a saved project carries the
// guidance fields; an existing project is edited in the same form.
public sealed class VillageEditorTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(50);
        UseDatabase(database);
        var auth = AddAuthorization();
        auth.SetAuthorized("guihua.clerk");
        auth.SetRoles("VillageClerk");
        auth.SetClaims(new Claim(PortalClaims.Region, Guihua), new Claim(ClaimTypes.NameIdentifier, "1"));
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private static void Type(IRenderedComponent<VillageEditor> page, string label, string value)
    {
        var field = page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*').Trim() == label);
        var input = field.QuerySelector("input, textarea")!;
        input.Change(value);
    }

    [Fact]
    public async Task AddProject_WithoutAResponsiblePerson_IsRefusedNamingIt_AndTheFormKeepsWhatWasTyped_ThenSaves()
    {
        var page = Render<VillageEditor>(p => p.Add(x => x.Code, Guihua));
        Type(page, "项目名称", "桂花村蓄水池");
        Type(page, "地点", "桂花村3组");
        Type(page, "资金（元）", "88000");
        Type(page, "资金来源", "区级财政专项资金");
        Type(page, "实施单位", "恩阳区水利局");
        Type(page, "建设任务", "新建蓄水池200立方米");
        Type(page, "联农带贫机制", "管护岗位优先安排脱贫劳动力");

        page.FindAll("button").Last(b => b.TextContent.Trim() == "添加").Click();

        page.WaitForAssertion(() => Assert.Contains("责任人：此项必填。", page.Markup));
        Assert.All(new[] { "桂花村蓄水池", "桂花村3组", "区级财政专项资金", "恩阳区水利局", "新建蓄水池200立方米", "管护岗位优先安排脱贫劳动力" },
            typed => Assert.Contains(typed, page.Markup));

        Type(page, "责任人", "村委会主任 杨德兵");
        page.FindAll("button").Last(b => b.TextContent.Trim() == "添加").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("此项必填", page.Markup));
        var saved = (await new VillageReport(database.Db).ProjectsAsync(Guihua, Xunit.TestContext.Current.CancellationToken)).Single(p => p.Name == "桂花村蓄水池");
        Assert.Equal(("桂花村3组", "村委会主任 杨德兵", "管护岗位优先安排脱贫劳动力"), (saved.Place, saved.ResponsiblePerson, saved.BenefitMechanism));
    }
}
