using Portal.Features.Accounts;
using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Assistance;

public sealed class AssistanceRulesTests
{
    private const string Guihua = "511903100201";
    private static readonly StaffActor Clerk = new(1, "guihua.clerk", StaffRole.VillageClerk, RegionScope.Of(Guihua));
    private static readonly StaffActor OtherReviewer = new(2, "guanyinjing.reviewer", StaffRole.TownshipReviewer, RegionScope.Of("511903101000"));
    private static readonly StaffActor Inspector = new(3, "inspector", StaffRole.DisciplineInspector, RegionScope.Of("511903000000"));

    private static Measure Measure(decimal funds = 100, DateOnly? end = null, string? outcome = null) =>
        new(1, MeasureKind.Health, null, funds, new DateOnly(2026, 3, 1), end, MeasureStatus.Planned, outcome);

    private static void Refused(string field, string rule, RuleResult result) => Assert.Equal((rule, field), (result.Rule, result.Field));

    [Fact]
    public void Measure_InRange_IsAllowed() => Assert.True(AssistanceRules.CanRecordMeasure(Measure()).IsAllowed);

    [Fact]
    public void Measure_FundsNegativeOrOverTenMillion_IsRefusedNamingTheFunds()
    {
        Refused("funds", "Assistance.BadFunds", AssistanceRules.CanRecordMeasure(Measure(funds: -1)));
        Refused("funds", "Assistance.BadFunds", AssistanceRules.CanRecordMeasure(Measure(funds: 10_000_001)));
    }

    [Fact]
    public void Measure_EndingBeforeItStarts_IsRefusedNamingTheEnd() =>
        Refused("end", "Assistance.EndBeforeStart", AssistanceRules.CanRecordMeasure(Measure(end: new DateOnly(2026, 2, 28))));

    [Fact]
    public void Measure_OutcomeOverTheLimit_IsRefusedNamingTheOutcome() =>
        Refused("outcome", "Assistance.TooLong", AssistanceRules.CanRecordMeasure(Measure(outcome: new string('长', AssistanceRules.MaximumOutcome + 1))));

    [Fact]
    public void Cadre_WithoutOrganisation_IsRefusedNamingIt_OutsideTheRegion_IsRefused()
    {
        var cadre = new Cadre { Name = "杜明远", Organisation = " ", VillageCode = Guihua };
        Refused("organisation", "Assistance.NameRequired", AssistanceRules.CanAddCadre(cadre, Clerk));
        Assert.Equal("Assistance.OutsideRegion", AssistanceRules.CanAddCadre(cadre with { Organisation = "水利局" }, OtherReviewer).Rule);
        Assert.Equal("Assistance.OutsideRegion", AssistanceRules.CanAddCadre(cadre with { Organisation = "水利局" }, Inspector).Rule);
        Assert.True(AssistanceRules.CanAddCadre(cadre with { Organisation = "水利局" }, Clerk).IsAllowed);
    }

    // The columns hold 50, 100 and 30 characters: longer texts are refused naming the field, never cut by the database.
    [Theory]
    [InlineData("name", 51, 0, "0827-3312345")]
    [InlineData("organisation", 0, 101, "0827-3312345")]
    [InlineData("phone", 0, 0, "0827-3312345-0827-3312345-0827-33")]
    [InlineData("phone", 0, 0, "请拨 3312345")]
    [InlineData("phone", 0, 0, "--")]
    public void Cadre_TextsOverTheirColumnOrAPhoneThatIsNotOne_AreRefusedNamingTheField(string field, int nameLength, int organisationLength, string phone)
    {
        var cadre = new Cadre
        {
            Name = nameLength > 0 ? new string('杜', nameLength) : "杜明远",
            Organisation = organisationLength > 0 ? new string('局', organisationLength) : "水利局",
            VillageCode = Guihua, OfficePhone = phone,
        };

        Assert.Equal(field, AssistanceRules.CanAddCadre(cadre, Clerk).Field);
        Assert.True(AssistanceRules.CanAddCadre(cadre with { Name = "杜明远", Organisation = "水利局", OfficePhone = "+86 827 331-2345" }, Clerk).IsAllowed);
        Assert.True(AssistanceRules.CanAddCadre(cadre with { Name = new string('杜', 50), Organisation = new string('局', 100), OfficePhone = null }, Clerk).IsAllowed);
    }

    [Theory]
    [InlineData(0, 10, 2026, "amount")]
    [InlineData(1000, -1, 2026, "beneficiaries")]
    [InlineData(1000, 10, 1999, "year")]
    public void Project_OutOfRange_IsRefusedNamingTheField(decimal amount, int beneficiaries, int year, string field) =>
        Refused(field, "Assistance.BadFunds", AssistanceRules.CanAddProject(new Project(Guihua, "蓄水池", amount, "水利局", beneficiaries, year), Clerk));

    private static readonly Project Disclosed = new(Guihua, "桂花村村道硬化", 600_000, "恩阳区交通运输局", 120, 2026)
    {
        Place = "桂花村2组至4组",
        Task = "硬化村组道路3.2公里\n路面宽4.5米",
        SubsidyStandard = "每公里补助60万元",
        FundSource = "中央财政衔接推进乡村振兴补助资金",
        Schedule = "2026年3月至2026年10月",
        ResponsiblePerson = "村党支部书记 何光明",
        PerformanceTargets = "道路通车率100%",
        BenefitMechanism = "优先聘用脱贫户参与施工务工",
    };

    [Fact]
    public void Project_WithTheGuidanceFields_IsAllowed_OptionalOnesMayBeBlank()
    {
        Assert.True(AssistanceRules.CanAddProject(Disclosed, Clerk).IsAllowed);
        Assert.True(AssistanceRules.CanAddProject(Disclosed with { SubsidyStandard = null, Schedule = null, PerformanceTargets = null, BenefitMechanism = null }, Clerk).IsAllowed);
    }

    [Theory]
    [InlineData("place")]
    [InlineData("task")]
    [InlineData("fundSource")]
    [InlineData("responsiblePerson")]
    public void Project_RequiredGuidanceFieldBlank_IsRefusedNamingIt(string field) =>
        Refused(field, "Assistance.Required", AssistanceRules.CanAddProject(field switch
        {
            "place" => Disclosed with { Place = " " },
            "task" => Disclosed with { Task = null },
            "fundSource" => Disclosed with { FundSource = "" },
            _ => Disclosed with { ResponsiblePerson = null },
        }, Clerk));

    [Theory]
    [InlineData("name", AssistanceRules.MaximumShortText)]
    [InlineData("place", AssistanceRules.MaximumShortText)]
    [InlineData("subsidyStandard", AssistanceRules.MaximumShortText)]
    [InlineData("schedule", AssistanceRules.MaximumShortText)]
    [InlineData("task", AssistanceRules.MaximumLongText)]
    [InlineData("performanceTargets", AssistanceRules.MaximumLongText)]
    [InlineData("benefitMechanism", AssistanceRules.MaximumLongText)]
    public void Project_TextLongerThanItsColumn_IsRefusedNamingTheFieldAndTheLimit(string field, int maximum)
    {
        var text = new string('长', maximum + 1);
        var project = field switch
        {
            "name" => Disclosed with { Name = text },
            "place" => Disclosed with { Place = text },
            "subsidyStandard" => Disclosed with { SubsidyStandard = text },
            "schedule" => Disclosed with { Schedule = text },
            "task" => Disclosed with { Task = text },
            "performanceTargets" => Disclosed with { PerformanceTargets = text },
            _ => Disclosed with { BenefitMechanism = text },
        };

        var refused = AssistanceRules.CanAddProject(project, Clerk);

        Refused(field, "Assistance.FieldTooLong", refused);
        Assert.Equal([maximum], refused.Args);
    }

    [Fact]
    public void Project_LineBreakInAOneLineField_IsRefusedNamingIt_ParagraphFieldsTakeThem()
    {
        Refused("place", "Assistance.OneLine", AssistanceRules.CanAddProject(Disclosed with { Place = "桂花村\n2组" }, Clerk));
        Refused("fundSource", "Assistance.OneLine", AssistanceRules.CanAddProject(Disclosed with { FundSource = "区级\r财政" }, Clerk));
        Refused("responsiblePerson", "Assistance.OneLine", AssistanceRules.CanAddProject(Disclosed with { ResponsiblePerson = "何光明\t书记" }, Clerk));
        Assert.True(AssistanceRules.CanAddProject(Disclosed with { BenefitMechanism = "务工\n分红" }, Clerk).IsAllowed);
    }

    [Fact]
    public void Normalized_TrimsAndStoresABlankOptionalFieldAsNull() =>
        Assert.Equal((null, "桂花村2组", "a\nb"), (AssistanceRules.Normalized(Disclosed with { SubsidyStandard = "  " }).SubsidyStandard,
            AssistanceRules.Normalized(Disclosed with { Place = " 桂花村2组 " }).Place, AssistanceRules.Normalized(Disclosed with { Task = "a\r\nb\n" }).Task));

    [Fact]
    public void MayEdit_PreparingRolesInTheirRegion_NotInspectors()
    {
        Assert.True(AssistanceRules.MayEdit(Clerk, Guihua));
        Assert.False(AssistanceRules.MayEdit(OtherReviewer, Guihua));
        Assert.False(AssistanceRules.MayEdit(Inspector, Guihua));
    }
}
