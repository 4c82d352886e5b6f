using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Regions;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Announcements;

// The shipped procedures, what each stage publishes and who, and minimum periods counted with the 2026 calendar.
public sealed class ProcedureTests
{
    private static readonly WorkingDays Calendar2026 = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly ProcedureCatalog Shipped = ProcedureCatalog.Defaults;
    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static readonly StaffActor Township = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of("511903100000"));
    private static readonly StaffActor District = new(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of("511903000000"));

    private static string Describe(Procedure p) => string.Join(" → ", p.Stages.Select(s =>
        $"{s.Level}:{s.Name}:{(s.Publicity ? "public" : "check")}:{s.PublishedBy}:{(s.MinimumPeriod is { } m ? $"{m.Count} {m.Unit}" : "-")}"));

    [Theory]
    [InlineData(AnnouncementKind.Identification)]
    [InlineData(AnnouncementKind.Exit)]
    [InlineData(AnnouncementKind.AssistancePlan)]
    [InlineData(AnnouncementKind.FundsAndProjects)]
    public void Classic_IsTwoPublicitiesAndANotice_SevenCalendarDaysEach(AnnouncementKind kind)
    {
        var p = Shipped.For(kind);

        Assert.Equal("VillagePublicity:AnnouncementStage.VillagePublicity:public:TownshipReviewer:7 CalendarDays → " +
                     "TownshipPublicity:AnnouncementStage.TownshipPublicity:public:TownshipReviewer:7 CalendarDays → " +
                     "DistrictNotice:AnnouncementStage.DistrictNotice:public:DistrictReviewer:7 CalendarDays", Describe(p));
        Assert.Equal(AnnouncementFields.For(kind), p.OnlineFields);
        Assert.Equal(AnnouncementFields.For(kind), p.NoticeFields);
        Assert.Equal(30, p.OnlineRetentionDays);
        Assert.False(p.PublishHealthCausesOnline);
    }

    [Fact]
    public void MonitoringInclusion_IsPostedInTheVillageOnly_ThenCheckedByTheTownshipAndDecidedByTheDistrict()
    {
        var p = Shipped.For(AnnouncementKind.MonitoringInclusion);

        Assert.Equal("VillagePublicity:AnnouncementStage.VillagePublicity:public:TownshipReviewer:5 CalendarDays → " +
                     "TownshipPublicity:Procedures.Stage.TownshipFirstCheck:check:TownshipReviewer:- → " +
                     "DistrictNotice:Procedures.Stage.CountyDecision:check:DistrictReviewer:-", Describe(p));
        // A monitoring list names no cause (it may reveal illness or disability) and no household attribute.
        Assert.Equal([EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.MonitoringType], p.OnlineFields);
        Assert.DoesNotContain(EntryField.Cause, p.NoticeFields);
    }

    [Fact]
    public void RiskElimination_IsPostedSevenDays_CheckedByTheTownship_AndAnnouncedByTheDistrict()
    {
        var p = Shipped.For(AnnouncementKind.RiskElimination);

        Assert.Equal("VillagePublicity:AnnouncementStage.VillagePublicity:public:TownshipReviewer:7 CalendarDays → " +
                     "TownshipPublicity:Procedures.Stage.TownshipCheck:check:TownshipReviewer:- → " +
                     "DistrictNotice:Procedures.Stage.CountyNotice:public:DistrictReviewer:7 CalendarDays", Describe(p));
    }

    // 2026-10-01 to 10-07 are the National Day holiday; Saturday 10-10 is worked (调休).
    [Theory]
    [InlineData(9, 28, PeriodUnit.WorkingDays, 10, 9)]
    [InlineData(9, 28, PeriodUnit.CalendarDays, 10, 2)]
    [InlineData(10, 8, PeriodUnit.WorkingDays, 10, 13)]
    [InlineData(10, 8, PeriodUnit.CalendarDays, 10, 12)]
    public void FiveDayPeriod_AcrossTheHolidayAndTheMakeUpSaturday_EndsOnTheCalendarsDay(int month, int day, PeriodUnit unit, int endMonth, int endDay)
    {
        var rules = RulesWith(new MinimumPeriod(5, unit));
        var start = D(month, day);
        var end = Calendar2026.End(start, 5, unit);
        var now = ShanghaiTime.StartOf(start);

        Assert.Equal(D(endMonth, endDay), end);
        Assert.True(rules.CanPublish(Draft(AnnouncementKind.MonitoringInclusion), new Period(start, end), 3, Township, now, Calendar2026).IsAllowed);
        var shorter = rules.CanPublish(Draft(AnnouncementKind.MonitoringInclusion), new Period(start, end.AddDays(-1)), 3, Township, now, Calendar2026);
        Assert.Equal(unit == PeriodUnit.WorkingDays ? "Announcement.PeriodTooShortWorkingDays" : "Announcement.PeriodTooShort", shorter.Rule);
        Assert.Equal([5, 4], shorter.Args);
    }

    [Fact]
    public void WorkingDayPeriod_OverTheHoliday_IsRefusedEvenWhenItHasEnoughCalendarDays()
    {
        var rules = RulesWith(new MinimumPeriod(5, PeriodUnit.WorkingDays));

        var result = rules.CanPublish(Draft(AnnouncementKind.MonitoringInclusion), new Period(D(9, 30), D(10, 7)), 3, Township, ShanghaiTime.StartOf(D(9, 30)), Calendar2026);

        Assert.Equal("Announcement.PeriodTooShortWorkingDays", result.Rule);
        Assert.Equal([5, 1], result.Args);
    }

    [Fact]
    public void CheckWithoutPublicity_IsNotPublished_ButFinalizedAtOnceByItsRoleOnly()
    {
        var rules = new AnnouncementRules(new AnnouncementOptions());
        var check = Draft(AnnouncementKind.MonitoringInclusion, AnnouncementStage.TownshipPublicity);
        var now = ShanghaiTime.StartOf(D(11, 28));

        Assert.Null(rules.MinimumPeriod(check));
        Assert.Equal("Announcement.CheckWithoutPublicity", rules.CanPublish(check, new Period(D(11, 28), D(12, 4)), 3, Township, now).Rule);
        Assert.True(rules.CanFinalize(check, 0, Township, now).IsAllowed);
        Assert.Equal("Announcement.RoleCannotPublish", rules.CanFinalize(check, 0, District, now).Rule);
        Assert.Equal("Announcement.NoEntries", rules.CanFinalize(check with { EntryCount = 0 }, 0, Township, now).Rule);
        Assert.Equal([AnnouncementAction.EditEntries, AnnouncementAction.Finalize], rules.Available(check, Township, now).Order());
        Assert.DoesNotContain(AnnouncementAction.Finalize, rules.Available(check, District, now));
        // The district decides the next check.
        var decision = Draft(AnnouncementKind.MonitoringInclusion, AnnouncementStage.DistrictNotice);
        Assert.True(rules.CanFinalize(decision, 0, District, now).IsAllowed);
        Assert.Equal("Announcement.RoleCannotPublish", rules.CanFinalize(decision, 0, Township, now).Rule);
    }

    [Fact]
    public void Advance_FollowsTheKindsStages()
    {
        var rules = new AnnouncementRules(new AnnouncementOptions());

        Assert.Equal(AnnouncementStage.TownshipPublicity, rules.NextStage(AnnouncementKind.RiskElimination, AnnouncementStage.VillagePublicity));
        Assert.Equal(AnnouncementStage.DistrictNotice, rules.NextStage(AnnouncementKind.RiskElimination, AnnouncementStage.TownshipPublicity));
        Assert.Null(rules.NextStage(AnnouncementKind.RiskElimination, AnnouncementStage.DistrictNotice));
        var oneStage = new ProcedureCatalog(ProcedureCatalog.Shipped.Select(p => p with { Stages = [p.First] }));
        Assert.Null(new AnnouncementRules(new AnnouncementOptions(), oneStage).NextStage(AnnouncementKind.Exit, AnnouncementStage.VillagePublicity));
    }

    [Theory]
    [InlineData("Exit", 0, "Procedures:Exit:Stages:0:MinimumPeriod:Count must be at least 1.")]
    [InlineData("Exit", -1, "Procedures:Exit:Stages must list at least one stage.")]
    [InlineData("Exitt", 5, "Procedures:Exitt must name an announcement kind")]
    public void Options_ThatCannotWork_NameTheKey(string kind, int count, string message)
    {
        var options = new ProcedureOptions { [kind] = Setting(count) };

        var problems = ValidatedOptions.Problems(options, ProcedureOptions.Section);

        Assert.Single(problems);
        Assert.StartsWith(message, problems[0]);
    }

    [Fact]
    public void Options_UnknownFieldOrLevelsNotAscending_NameTheKey()
    {
        var unknown = Setting(5);
        unknown.NoticeFields.Add("IdNumber");
        var descending = Setting(5);
        descending.Stages.Add(new StageSetting { Level = "VillagePublicity", Name = "x", PublishedBy = "TownshipReviewer", Publicity = false });

        Assert.StartsWith("Procedures:Exit:NoticeFields:1 must name a field", ValidatedOptions.Problems(new ProcedureOptions { ["Exit"] = unknown }, "Procedures").Single());
        Assert.StartsWith("Procedures:Exit:Stages:1:Level must come after VillagePublicity", ValidatedOptions.Problems(new ProcedureOptions { ["Exit"] = descending }, "Procedures").Single());
    }

    // PRACTICE.md, Privacy: a monitoring household's cause is its risk; no configuration puts it online.
    [Theory]
    [InlineData("MonitoringInclusion", false, "Procedures:MonitoringInclusion:OnlineFields must not list Cause")]
    [InlineData("RiskElimination", true, "Procedures:RiskElimination:PublishHealthCausesOnline must be false")]
    public void Options_MonitoringProcedureWithACauseOnline_NamesTheKey(string kind, bool optIn, string message)
    {
        var setting = Setting(5);
        if (optIn) setting.PublishHealthCausesOnline = true;
        else setting.OnlineFields.Add("cause");

        Assert.StartsWith(message, ValidatedOptions.Problems(new ProcedureOptions { [kind] = setting }, "Procedures").Single());
    }

    [Fact]
    public void Options_HealthCausesOptIn_IsKeptForAnOrdinaryProcedure()
    {
        var setting = Setting(5);
        setting.OnlineFields.Add("Cause");
        setting.PublishHealthCausesOnline = true;

        Assert.Empty(ValidatedOptions.Problems(new ProcedureOptions { ["Identification"] = setting }, "Procedures"));
        var p = setting.ToProcedure(AnnouncementKind.Identification);
        Assert.True(p.PublishHealthCausesOnline);
        Assert.True(OnlinePrivacy.PublishesHealthOnline(p));
    }

    [Fact]
    public void Options_AConfiguredKind_ReplacesThatKindsWholeProcedure_AndLeavesTheOthers()
    {
        var options = new ProcedureOptions { ["exit"] = Setting(10) };

        Assert.Empty(ValidatedOptions.Problems(options, ProcedureOptions.Section));
        var catalog = new ProcedureCatalog(options.Apply(ProcedureCatalog.Shipped));
        var exit = catalog.For(AnnouncementKind.Exit);
        Assert.Equal([new MinimumPeriod(10, PeriodUnit.WorkingDays)], exit.Stages.Select(s => s.MinimumPeriod));
        Assert.Equal([EntryField.Subject], exit.OnlineFields);
        Assert.Equal(45, exit.OnlineRetentionDays);
        Assert.Equal(Shipped.For(AnnouncementKind.Identification), catalog.For(AnnouncementKind.Identification));
    }

    // Count < 0: no stage at all.
    private static ProcedureSetting Setting(int count) => new()
    {
        Stages = count < 0 ? [] : [new StageSetting { Level = "VillagePublicity", Name = "AnnouncementStage.VillagePublicity", PublishedBy = "TownshipReviewer",
            MinimumPeriod = new PeriodSetting { Count = count, Unit = "WorkingDays" } }],
        OnlineFields = ["Subject"],
        NoticeFields = ["Subject"],
        OnlineRetentionDays = 45,
    };

    private static AnnouncementRules RulesWith(MinimumPeriod period) => new(new AnnouncementOptions(), new ProcedureCatalog(ProcedureCatalog.Shipped.Select(p =>
        p with { Stages = [p.First with { MinimumPeriod = period }, .. p.Stages.Skip(1)] })));

    private static Announcement Draft(AnnouncementKind kind, AnnouncementStage stage = AnnouncementStage.VillagePublicity) =>
        new() { Id = 1, Kind = kind, Stage = stage, Status = AnnouncementStatus.Draft, RegionCode = "511903100201", Title = "t", Year = 2026, EntryCount = 3 };
}
