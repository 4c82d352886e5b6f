using Portal.Features.Assistance;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Assistance;

public abstract class AssistanceEditingTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private AssistanceEditing editing = default!;
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(300, staff: true);
        editing = new AssistanceEditing(database.Db, database.Assistance, database.Cadres, database.Audit);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<StaffActor> ActorAsync(string user) => (await database.Staff.FindAsync(user, Ct))!.Actor;

    [Fact]
    public async Task AddMeasure_ByTheVillageClerk_IsSavedCountedAndAudited()
    {
        var household = (await database.Households.SearchAsync(new HouseholdQuery(VillageCode: Guihua, Status: HouseholdStatus.Identified), Ct)).Items[0];
        var before = (await new VillageReport(database.Db).UpToDateAsync(Ct)).Figures.Measures[Guihua].Sum(m => m.Measures);

        var rule = await editing.AddMeasureAsync(household.Id, new Measure(household.Id, MeasureKind.Industry, null, 3000, new DateOnly(2026, 3, 1), null,
            MeasureStatus.InProgress, null), await ActorAsync("guihua.clerk"), Ct);

        Assert.Null(rule.Rule);
        Assert.Contains((await editing.HouseholdAsync(household.Id, await ActorAsync("guihua.clerk"), Ct)).Measures, m => m.Funds == 3000 && m.Kind == MeasureKind.Industry);
        Assert.Equal(before + 1, (await new VillageReport(database.Db).UpToDateAsync(Ct)).Figures.Measures[Guihua].Sum(m => m.Measures));
        Assert.Single((await database.Audit.SearchAsync(new AuditQuery(Kind: "MeasureAdded"), Ct)).Items);
    }

    [Fact]
    public async Task Edits_OutsideTheRegionOrByInspectors_AreRefused()
    {
        var household = (await database.Households.SearchAsync(new HouseholdQuery(VillageCode: Guihua), Ct)).Items[0];
        var measure = new Measure(household.Id, MeasureKind.Health, null, 100, new DateOnly(2026, 1, 1), null, MeasureStatus.Planned, null);

        Assert.Equal("Assistance.OutsideRegion", (await editing.AddMeasureAsync(household.Id, measure, await ActorAsync("jiuzhen.reviewer"), Ct)).Rule);
        Assert.Equal("Assistance.OutsideRegion", (await editing.AddMeasureAsync(household.Id, measure, await ActorAsync("inspector"), Ct)).Rule);
        Assert.Equal("Assistance.OutsideRegion", (await editing.AddProjectAsync(new Project(Guihua, "道路", 1000, "交通局", 10, 2026), await ActorAsync("jiuzhen.reviewer"), Ct)).Rule);
        Assert.Null((await editing.HouseholdAsync(household.Id, await ActorAsync("jiuzhen.reviewer"), Ct)).Household);
        Assert.Empty((await database.Audit.SearchAsync(new AuditQuery(Kind: "MeasureAdded"), Ct)).Items);
    }

    [Fact]
    public async Task AddCadreAndProject_ShowOnTheVillageAndAreAudited()
    {
        var reviewer = await ActorAsync("yuxi.reviewer");

        Assert.Null((await editing.AddCadreAsync(new Cadre { Name = "杜明远", Role = CadreRole.WorkTeamMember, Organisation = "恩阳区水利局", VillageCode = Guihua, OfficePhone = "0827-3300000" }, reviewer, Ct)).Rule);
        Assert.Null((await editing.AddProjectAsync(new Project(Guihua, "桂花村蓄水池", 88000, "恩阳区水利局", 120, 2026) { Place = "桂花村3组", Task = "新建蓄水池", FundSource = "区级财政专项资金", ResponsiblePerson = "何光明" }, reviewer, Ct)).Rule);
        Assert.Equal("Assistance.BadFunds", (await editing.AddProjectAsync(new Project(Guihua, "无效项目", -5, "x", 1, 2026), reviewer, Ct)).Rule);

        Assert.Contains(await database.Cadres.ForVillageAsync(Guihua, Ct), c => c.Name == "杜明远");
        Assert.Contains(await new VillageReport(database.Db).ProjectsAsync(Guihua, Ct), p => p.Name == "桂花村蓄水池" && p.Amount == 88000);
        Assert.Equal(2, (await database.Audit.SearchAsync(new AuditQuery(Actor: "yuxi.reviewer"), Ct)).Items.Count(e => e.Kind is "CadreAdded" or "ProjectAdded"));
    }

    [Fact]
    public async Task AddMeasure_EndingBeforeItStarts_IsRefusedNamingTheField_AndNothingIsWritten()
    {
        var household = (await database.Households.SearchAsync(new HouseholdQuery(VillageCode: Guihua), Ct)).Items[0];
        var measure = new Measure(household.Id, MeasureKind.Health, null, 100, new DateOnly(2026, 3, 1), new DateOnly(2026, 2, 1), MeasureStatus.Planned, null);

        var refused = await editing.AddMeasureAsync(household.Id, measure, await ActorAsync("guihua.clerk"), Ct);

        Assert.Equal(("Assistance.EndBeforeStart", "end"), (refused.Rule, refused.Field));
        Assert.Empty((await database.Audit.SearchAsync(new AuditQuery(Kind: "MeasureAdded"), Ct)).Items);
    }

    private static Project Reservoir(string village) => new(village, "桂花村蓄水池", 88000, "恩阳区水利局", 120, 2026)
    {
        Place = "桂花村3组",
        Task = "新建蓄水池200立方米\n铺设管网1.2公里",
        SubsidyStandard = "按批复概算全额补助",
        FundSource = "区级财政专项资金",
        Schedule = "2026年4月至2026年9月",
        ResponsiblePerson = "村委会主任 杨德兵",
        PerformanceTargets = "解决60户饮水安全问题",
        BenefitMechanism = "管护岗位优先安排脱贫劳动力",
    };

    [Fact]
    public async Task AddAndChangeProject_KeepEveryGuidanceField_AndTheChangeIsAudited()
    {
        var clerk = await ActorAsync("guihua.clerk");
        var report = new VillageReport(database.Db);

        Assert.Null((await editing.AddProjectAsync(Reservoir(Guihua) with { Place = "  桂花村3组 " }, clerk, Ct)).Rule);
        var added = (await report.ProjectsAsync(Guihua, Ct)).Single(p => p.Name == "桂花村蓄水池");
        Assert.Equal(Reservoir(Guihua) with { Id = added.Id }, added);

        var changed = Reservoir(Guihua) with { Id = added.Id, Schedule = "2026年5月至2026年11月", SubsidyStandard = null, BenefitMechanism = "分红\n务工" };
        Assert.Null((await editing.ChangeProjectAsync(changed, clerk, Ct)).Rule);

        Assert.Equal(changed, (await report.ProjectsAsync(Guihua, Ct)).Single(p => p.Id == added.Id));
        Assert.Single((await database.Audit.SearchAsync(new AuditQuery(Kind: "ProjectChanged"), Ct)).Items);
    }

    [Fact]
    public async Task ChangeProject_OfAnotherVillageOrRefused_ChangesNothing()
    {
        var huaishu = DemoDistrict.Townships[0].Villages[1].Code;
        var report = new VillageReport(database.Db);
        var theirs = (await report.ProjectsAsync(huaishu, Ct))[0];
        var clerk = await ActorAsync("guihua.clerk");

        var smuggled = await editing.ChangeProjectAsync(Reservoir(Guihua) with { Id = theirs.Id }, clerk, Ct);
        var blank = await editing.ChangeProjectAsync(Reservoir(huaishu) with { Id = theirs.Id, FundSource = " " }, await ActorAsync("yuxi.reviewer"), Ct);

        Assert.Equal("Assistance.OutsideRegion", smuggled.Rule);
        Assert.Equal(("Assistance.Required", "fundSource"), (blank.Rule, blank.Field));
        Assert.Equal(theirs, (await report.ProjectsAsync(huaishu, Ct)).Single(p => p.Id == theirs.Id));
        Assert.Empty((await database.Audit.SearchAsync(new AuditQuery(Kind: "ProjectChanged"), Ct)).Items);
    }
}

public sealed class SqliteAssistanceEditingTests : AssistanceEditingTests<SqliteEngine>;

public sealed class PostgreSqlAssistanceEditingTests : AssistanceEditingTests<PostgreSqlEngine>;

public sealed class SqlServerAssistanceEditingTests : AssistanceEditingTests<SqlServerEngine>;
