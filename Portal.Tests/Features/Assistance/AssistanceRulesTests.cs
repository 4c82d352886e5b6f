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

    [Theory]
    [InlineData(0, 10, 2026, "amount")]
    [InlineData(1000, -1, 2026, "beneficiaries")]
    [InlineData(1000, 10, 1999, "year")]
    public void Project_OutOfRange_IsRefusedNamingTheField(decimal amount, int beneficiaries, int year, string field) =>
        Refused(field, "Assistance.BadFunds", AssistanceRules.CanAddProject(new Project(Guihua, "蓄水池", amount, "水利局", beneficiaries, year), Clerk));

    [Fact]
    public void MayEdit_PreparingRolesInTheirRegion_NotInspectors()
    {
        Assert.True(AssistanceRules.MayEdit(Clerk, Guihua));
        Assert.False(AssistanceRules.MayEdit(OtherReviewer, Guihua));
        Assert.False(AssistanceRules.MayEdit(Inspector, Guihua));
    }
}
