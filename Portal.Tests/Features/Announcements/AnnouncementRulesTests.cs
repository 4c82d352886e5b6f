using Portal.Infrastructure;
using Portal.Features.Announcements;
using Portal.Features.Regions;
using Portal.Features.Accounts;

namespace Portal.Tests.Features.Announcements;

public sealed class AnnouncementRulesTests
{
    private const string Guihua = "511903100201";
    private const string Yuxi = "511903100000";
    private const string Guanyinjing = "511903101000";
    private const string District = "511903000000";

    // 2026-11-28 10:00 in Asia/Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 28);

    // Exit configured with a 5-day village publicity (Procedures:Exit), the other kinds as shipped.
    private static readonly AnnouncementRules Rules = new(new AnnouncementOptions(), new ProcedureCatalog(ProcedureCatalog.Shipped.Select(p =>
        p.Kind == AnnouncementKind.Exit ? p with { Stages = [p.First with { MinimumPeriod = new MinimumPeriod(5, Portal.Features.Calendar.PeriodUnit.CalendarDays) }, .. p.Stages.Skip(1)] } : p)));

    private static readonly StaffActor Clerk = Actor(StaffRole.VillageClerk, Guihua);
    private static readonly StaffActor YuxiReviewer = Actor(StaffRole.TownshipReviewer, Yuxi);
    private static readonly StaffActor OtherReviewer = Actor(StaffRole.TownshipReviewer, Guanyinjing);
    private static readonly StaffActor DistrictReviewer = Actor(StaffRole.DistrictReviewer, District);
    private static readonly StaffActor Inspector = Actor(StaffRole.DisciplineInspector, District);
    private static readonly StaffActor Admin = Actor(StaffRole.Administrator, District);

    private static StaffActor Actor(StaffRole role, string region) => new(1, role.ToString(), role, RegionScope.Of(region));

    private static Announcement Draft(AnnouncementKind kind = AnnouncementKind.Identification, AnnouncementStage stage = AnnouncementStage.VillagePublicity) =>
        new() { Id = 1, Kind = kind, Stage = stage, Status = AnnouncementStatus.Draft, RegionCode = Guihua, Title = "t", Year = 2026, EntryCount = 3 };

    private static Announcement Published(DateOnly start, DateOnly end) =>
        Draft() with { Status = AnnouncementStatus.Published, PeriodStart = start, PeriodEnd = end };

    private static Period Days(int startOffset, int days) => new(Today.AddDays(startOffset), Today.AddDays(startOffset + days - 1));

    private static void Refused(string rule, RuleResult result) => Assert.Equal(rule, result.Rule);

    [Fact]
    public void Create_ClerkInOwnVillage_IsAllowed() =>
        Assert.True(Rules.CanCreate(AnnouncementKind.Identification, Guihua, Clerk).IsAllowed);

    [Fact]
    public void Create_ReviewerForVillageOutsideTownship_IsRefused() =>
        Refused("Announcement.OutsideRegion", Rules.CanCreate(AnnouncementKind.Identification, Guihua, OtherReviewer));

    [Theory]
    [InlineData(StaffRole.DisciplineInspector)]
    [InlineData(StaffRole.Administrator)]
    public void Create_RoleThatDoesNotPrepare_IsRefused(StaffRole role) =>
        Refused("Announcement.RoleCannotPrepare", Rules.CanCreate(AnnouncementKind.Identification, Guihua, Actor(role, District)));

    [Fact]
    public void Create_ForATownship_IsRefused() =>
        Refused("Announcement.RegionMustBeVillage", Rules.CanCreate(AnnouncementKind.Identification, Yuxi, YuxiReviewer));

    [Fact]
    public void Publish_SevenDaysFromToday_IsAllowed() =>
        Assert.True(Rules.CanPublish(Draft(), Days(0, 7), 3, YuxiReviewer, Now).IsAllowed);

    [Fact]
    public void Publish_SixDays_IsRefusedNamingTheMinimum()
    {
        var result = Rules.CanPublish(Draft(), Days(0, 6), 3, YuxiReviewer, Now);

        Refused("Announcement.PeriodTooShort", result);
        Assert.Equal([7, 6], result.Args);
    }

    [Fact]
    public void Publish_ExitWithConfiguredFiveDayMinimum_AllowsFiveDays()
    {
        Assert.Equal(5, Rules.MinimumPeriod(Draft(AnnouncementKind.Exit))!.Count);
        Assert.True(Rules.CanPublish(Draft(AnnouncementKind.Exit), Days(0, 5), 3, YuxiReviewer, Now).IsAllowed);
        Refused("Announcement.PeriodTooShort", Rules.CanPublish(Draft(AnnouncementKind.Exit), Days(0, 4), 3, YuxiReviewer, Now));
    }

    [Fact]
    public void Publish_StartingYesterday_IsRefused() =>
        Refused("Announcement.PeriodStartsInPast", Rules.CanPublish(Draft(), Days(-1, 8), 3, YuxiReviewer, Now));

    [Fact]
    public void Publish_JustAfterMidnightInShanghai_CountsThatDayAsToday()
    {
        // 2026-11-28 16:30 UTC is 2026-11-29 00:30 in Asia/Shanghai: the 28th has gone there.
        var justAfterMidnight = new DateTimeOffset(2026, 11, 28, 16, 30, 0, TimeSpan.Zero);

        Refused("Announcement.PeriodStartsInPast", Rules.CanPublish(Draft(), Days(0, 7), 3, YuxiReviewer, justAfterMidnight));
        Assert.True(Rules.CanPublish(Draft(), Days(1, 7), 3, YuxiReviewer, justAfterMidnight).IsAllowed);
    }

    [Fact]
    public void Publish_EndBeforeStart_IsRefused() =>
        Refused("Announcement.PeriodEndsBeforeStart", Rules.CanPublish(Draft(), new Period(Today.AddDays(3), Today), 3, YuxiReviewer, Now));

    [Fact]
    public void Publish_WithoutPeriod_IsRefused() =>
        Refused("Announcement.PeriodMissing", Rules.CanPublish(Draft(), null, 3, YuxiReviewer, Now));

    [Fact]
    public void Publish_NoEntries_IsRefused() =>
        Refused("Announcement.NoEntries", Rules.CanPublish(Draft(), Days(0, 7), 0, YuxiReviewer, Now));

    [Fact]
    public void Publish_ByClerk_IsRefused() =>
        Refused("Announcement.RoleCannotPublish", Rules.CanPublish(Draft(), Days(0, 7), 3, Clerk, Now));

    [Fact]
    public void Publish_OutsideReviewersTownship_IsRefused() =>
        Refused("Announcement.OutsideRegion", Rules.CanPublish(Draft(), Days(0, 7), 3, OtherReviewer, Now));

    [Fact]
    public void Publish_DistrictNoticeByTownshipReviewer_IsRefusedButDistrictReviewerMay()
    {
        var notice = Draft(stage: AnnouncementStage.DistrictNotice);

        Refused("Announcement.RoleCannotPublish", Rules.CanPublish(notice, Days(0, 7), 3, YuxiReviewer, Now));
        Assert.True(Rules.CanPublish(notice, Days(0, 7), 3, DistrictReviewer, Now).IsAllowed);
    }

    [Fact]
    public void Publish_AlreadyPublished_IsRefused() =>
        Refused("Announcement.NotDraft", Rules.CanPublish(Published(Today, Today.AddDays(6)), Days(0, 7), 3, YuxiReviewer, Now));

    [Fact]
    public void EffectiveStatus_AtMidnightEndingTheLastDay_BecomesClosed()
    {
        var a = Published(Today.AddDays(-6), Today);
        var lastMinute = new DateTimeOffset(2026, 11, 28, 15, 59, 0, TimeSpan.Zero); // 23:59 in Shanghai
        var midnight = new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero); // 24:00 in Shanghai

        Assert.Equal(AnnouncementStatus.Published, AnnouncementRules.EffectiveStatus(a, lastMinute));
        Assert.True(AnnouncementRules.IsOpenForObjections(a, lastMinute));
        Assert.Equal(AnnouncementStatus.Closed, AnnouncementRules.EffectiveStatus(a, midnight));
        Assert.False(AnnouncementRules.IsOpenForObjections(a, midnight));
    }

    [Fact]
    public void IsOpen_BeforeThePeriodStarts_IsFalse() =>
        Assert.False(AnnouncementRules.IsOpenForObjections(Published(Today.AddDays(1), Today.AddDays(7)), Now));

    [Theory]
    [InlineData(AnnouncementStatus.Draft)]
    [InlineData(AnnouncementStatus.Closed)]
    [InlineData(AnnouncementStatus.Finalized)]
    [InlineData(AnnouncementStatus.Withdrawn)]
    [InlineData(AnnouncementStatus.Superseded)]
    public void IsOpen_AnyStatusButPublished_IsFalse(AnnouncementStatus status) =>
        Assert.False(AnnouncementRules.IsOpenForObjections(Published(Today, Today.AddDays(6)) with { Status = status }, Now));

    [Fact]
    public void Withdraw_OpenWithReason_IsAllowed() =>
        Assert.True(Rules.CanWithdraw(Published(Today, Today.AddDays(6)), "名单有误", YuxiReviewer, Now).IsAllowed);

    [Fact]
    public void Withdraw_WithoutReason_IsRefused() =>
        Refused("Announcement.ReasonRequired", Rules.CanWithdraw(Published(Today, Today.AddDays(6)), " ", YuxiReviewer, Now));

    [Fact]
    public void Withdraw_Closed_IsRefused() =>
        Refused("Announcement.NotPublished", Rules.CanWithdraw(Published(Today.AddDays(-10), Today.AddDays(-4)), "x", YuxiReviewer, Now));

    [Fact]
    public void Finalize_AfterThePeriod_IsAllowed() =>
        Assert.True(Rules.CanFinalize(Published(Today.AddDays(-10), Today.AddDays(-4)), 0, YuxiReviewer, Now).IsAllowed);

    [Fact]
    public void Finalize_DuringThePeriod_IsRefused() =>
        Refused("Announcement.NotClosed", Rules.CanFinalize(Published(Today, Today.AddDays(6)), 0, YuxiReviewer, Now));

    [Fact]
    public void Finalize_WithObjectionsNotRepliedTo_IsRefusedWithTheirNumber()
    {
        var result = Rules.CanFinalize(Published(Today.AddDays(-10), Today.AddDays(-4)), 2, YuxiReviewer, Now);

        Refused("Announcement.ObjectionsNotReplied", result);
        Assert.Equal([2], result.Args);
    }

    [Fact]
    public void Finalize_ByInspectorOrAdministrator_IsRefused()
    {
        var closed = Published(Today.AddDays(-10), Today.AddDays(-4));
        Refused("Announcement.RoleCannotPublish", Rules.CanFinalize(closed, 0, Inspector, Now));
        Refused("Announcement.RoleCannotPublish", Rules.CanFinalize(closed, 0, Admin, Now));
    }

    [Fact]
    public void Advance_FinalizedVillageStage_GoesToTownshipStage()
    {
        var finalized = Draft() with { Status = AnnouncementStatus.Finalized };

        Assert.True(Rules.CanAdvance(finalized, false, 0, YuxiReviewer).IsAllowed);
        Assert.Equal(AnnouncementStage.TownshipPublicity, Rules.NextStage(AnnouncementKind.Identification, AnnouncementStage.VillagePublicity));
        Assert.Equal(AnnouncementStage.DistrictNotice, Rules.NextStage(AnnouncementKind.Identification, AnnouncementStage.TownshipPublicity));
        Assert.Null(Rules.NextStage(AnnouncementKind.Identification, AnnouncementStage.DistrictNotice));
    }

    [Fact]
    public void Advance_NotFinalized_IsRefused() =>
        Refused("Announcement.NotFinalized", Rules.CanAdvance(Published(Today.AddDays(-10), Today.AddDays(-4)), false, 0, YuxiReviewer));

    [Fact]
    public void Advance_DistrictNotice_IsTheLastStage() =>
        Refused("Announcement.LastStage", Rules.CanAdvance(Draft(stage: AnnouncementStage.DistrictNotice) with { Status = AnnouncementStatus.Finalized }, false, 0, DistrictReviewer));

    [Fact]
    public void Advance_Twice_IsRefused() =>
        Refused("Announcement.AlreadyAdvanced", Rules.CanAdvance(Draft() with { Status = AnnouncementStatus.Finalized }, true, 0, YuxiReviewer));

    [Fact]
    public void Advance_WithObjectionsNotRepliedTo_IsRefused() =>
        Refused("Announcement.ObjectionsNotReplied", Rules.CanAdvance(Draft() with { Status = AnnouncementStatus.Finalized }, false, 1, YuxiReviewer));

    [Fact]
    public void Revise_OpenOrClosed_IsAllowed()
    {
        Assert.True(Rules.CanRevise(Published(Today, Today.AddDays(6)), false, "收入有误", YuxiReviewer, Now).IsAllowed);
        Assert.True(Rules.CanRevise(Published(Today.AddDays(-10), Today.AddDays(-4)), false, "收入有误", YuxiReviewer, Now).IsAllowed);
    }

    [Theory]
    [InlineData(AnnouncementStatus.Draft)]
    [InlineData(AnnouncementStatus.Finalized)]
    [InlineData(AnnouncementStatus.Withdrawn)]
    [InlineData(AnnouncementStatus.Superseded)]
    public void Revise_OtherStatuses_AreRefused(AnnouncementStatus status) =>
        Refused("Announcement.NotRevisable", Rules.CanRevise(Published(Today, Today.AddDays(6)) with { Status = status }, false, "收入有误", YuxiReviewer, Now));

    [Fact]
    public void Revise_WhenACorrectionExists_IsRefused() =>
        Refused("Announcement.NewerVersionExists", Rules.CanRevise(Published(Today, Today.AddDays(6)), true, "收入有误", YuxiReviewer, Now));

    [Fact]
    public void Edit_PublishedAnnouncement_IsRefused() =>
        Refused("Announcement.NotDraft", Rules.CanEdit(Published(Today, Today.AddDays(6)), Clerk));

    [Fact]
    public void Edit_DraftByClerkOfAnotherVillage_IsRefused() =>
        Refused("Announcement.OutsideRegion", Rules.CanEdit(Draft(), Actor(StaffRole.VillageClerk, "511903100202")));

    [Theory]
    [InlineData(AnnouncementStage.VillagePublicity)]
    [InlineData(AnnouncementStage.TownshipPublicity)]
    public void Publish_VillageOrTownshipStageByDistrictReviewer_IsRefusedButTheTownshipsReviewerMay(AnnouncementStage stage)
    {
        var draft = Draft(stage: stage);

        Refused("Announcement.RoleCannotPublish", Rules.CanPublish(draft, Days(0, 7), 3, DistrictReviewer, Now));
        Assert.False(Rules.MayPublish(DistrictReviewer, draft));
        Assert.True(Rules.CanPublish(draft, Days(0, 7), 3, YuxiReviewer, Now).IsAllowed);
        Refused("Announcement.OutsideRegion", Rules.CanPublish(draft, Days(0, 7), 3, OtherReviewer, Now));
    }

    [Fact]
    public void WithdrawFinalizeRevise_VillageStageByDistrictReviewer_AreRefused()
    {
        Refused("Announcement.RoleCannotPublish", Rules.CanWithdraw(Published(Today, Today.AddDays(6)), "reason", DistrictReviewer, Now));
        Refused("Announcement.RoleCannotPublish", Rules.CanFinalize(Published(Today.AddDays(-10), Today.AddDays(-4)), 0, DistrictReviewer, Now));
        Refused("Announcement.RoleCannotPublish", Rules.CanRevise(Published(Today, Today.AddDays(6)), false, "收入有误", DistrictReviewer, Now));
    }

    private static AnnouncementEntry Entry(long household, string subject, bool withdrawn = false, string? caseNumber = null) =>
        new() { Id = household + 1000, HouseholdId = household, Subject = subject, Withdrawn = withdrawn, WithdrawnReason = caseNumber };

    private static readonly AnnouncementEntry[] VillageStage =
        [Entry(1, "王德明"), Entry(2, "李秀英"), Entry(3, "张建国", withdrawn: true, caseNumber: "恩阳-2026-000007")];

    private static Dictionary<long, StageDrop> Reasons(params (long Household, string Reason)[] reasons) =>
        reasons.ToDictionary(r => r.Household, r => new StageDrop(r.Household, r.Reason, null));

    [Fact]
    public void CarryForward_KeepingOneAndDroppingTheOtherWithAReason_IsAllowed() =>
        Assert.True(AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明")], Reasons((2, "已迁出本村"))).IsAllowed);

    [Fact]
    public void CarryForward_HouseholdThatWasNotInThePreviousStage_IsRefusedNamingIt()
    {
        var result = AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明"), Entry(2, "李秀英"), Entry(99, "赵新来")], Reasons());

        Refused("Announcement.NotInPreviousStage", result);
        Assert.Equal(["赵新来"], result.Args);
    }

    [Fact]
    public void CarryForward_HouseholdWithdrawnInThePreviousStage_IsRefusedWithItsCaseNumber()
    {
        var result = AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明"), Entry(2, "李秀英"), Entry(3, "张建国")], Reasons());

        Refused("Announcement.WithdrawnAfterObjection", result);
        Assert.Equal(["张建国", "恩阳-2026-000007"], result.Args);
    }

    [Theory]
    [InlineData(null, "Announcement.DropReasonRequired")]
    [InlineData("   ", "Announcement.DropReasonRequired")]
    [InlineData("一行\n两行", "Announcement.DropReasonInvalid")]
    public void CarryForward_DropWithoutAUsableReason_IsRefusedNamingTheEntry(string? reason, string rule)
    {
        var reasons = reason is null ? Reasons() : Reasons((2, reason));

        var result = AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明")], reasons);

        Refused(rule, result);
        Assert.Equal("李秀英", result.Args[0]);
    }

    [Fact]
    public void CarryForward_DropReasonLongerThanTheMaximum_IsRefused()
    {
        var tooLong = new string('因', AnnouncementRules.MaximumDropReason + 1);

        Refused("Announcement.DropReasonInvalid", AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明")], Reasons((2, tooLong))));
        Assert.True(AnnouncementRules.CanCarryForward(VillageStage, [Entry(1, "王德明")], Reasons((2, tooLong[1..]))).IsAllowed);
    }

    [Fact]
    public void Dropped_NamesTheWithdrawnWithTheirCaseNumberAndTheStaffDropsWithTheirReason()
    {
        var dropped = AnnouncementRules.Dropped(VillageStage, [Entry(1, "王德明")], Reasons((2, "已迁出本村")));

        (string, string?, string?)[] expected = [("李秀英", null, "已迁出本村"), ("张建国", "恩阳-2026-000007", null)];
        Assert.Equal(expected, dropped.Select(d => (d.Entry.Subject, d.CaseNumber, d.Reason)));
    }

    private static AnnouncementEntry ExitEntry(string subject, decimal income, bool? assurances, bool withdrawn = false) =>
        new() { Subject = subject, IncomePerCapita = income, AssurancesMet = assurances, Withdrawn = withdrawn };

    [Fact]
    public void ExitList_HouseholdWhoseAssurancesAreNotMet_IsRefusedNamingTheHouseholdAndTheRule()
    {
        var result = Rules.CanList(AnnouncementKind.Exit, [ExitEntry("张三", 9000, true), ExitEntry("李四", 9000, false)]);

        Refused("Announcement.ExitAssurancesNotMet", result);
        Assert.Equal(["李四"], result.Args);
    }

    [Fact]
    public void ExitList_HouseholdWithAssurancesUnknown_IsRefused() =>
        Refused("Announcement.ExitAssurancesNotMet", Rules.CanList(AnnouncementKind.Exit, [ExitEntry("王五", 9000, null)]));

    [Fact]
    public void ExitList_HouseholdBelowTheDefaultLineOf4000_IsRefusedWithItsIncomeAndTheLine()
    {
        var result = Rules.CanList(AnnouncementKind.Exit, [ExitEntry("赵六", 3999, true)]);

        Refused("Announcement.ExitIncomeBelowLine", result);
        Assert.Equal(new object[] { "赵六", 3999m, 4000m }, result.Args);
    }

    [Fact]
    public void ExitList_TheLineIsConfiguration()
    {
        var higher = new AnnouncementRules(new AnnouncementOptions { IncomeLine = 6000m });

        Assert.True(Rules.CanList(AnnouncementKind.Exit, [ExitEntry("赵六", 5000, true)]).IsAllowed);
        Refused("Announcement.ExitIncomeBelowLine", higher.CanList(AnnouncementKind.Exit, [ExitEntry("赵六", 5000, true)]));
    }

    [Fact]
    public void ExitList_AtTheLineWithAssurancesMet_OrAWithdrawnLine_IsAllowed() =>
        Assert.True(Rules.CanList(AnnouncementKind.Exit, [ExitEntry("张三", 4000, true), ExitEntry("李四", 100, false, withdrawn: true)]).IsAllowed);

    [Theory]
    [InlineData(AnnouncementKind.Identification)]
    [InlineData(AnnouncementKind.AssistancePlan)]
    public void OtherKinds_ListHouseholdsBelowTheLine(AnnouncementKind kind) =>
        Assert.True(Rules.CanList(kind, [ExitEntry("李四", 2000, false)]).IsAllowed);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Revise_WithoutAReason_IsRefusedNamingTheField(string? reason) =>
        Refused("Announcement.RevisionReasonRequired", Rules.CanRevise(Published(Today, Today.AddDays(6)), false, reason, YuxiReviewer, Now));

    [Theory]
    [InlineData("第一行\n第二行")]
    [InlineData(null)]
    public void Revise_AReasonOfMoreThanOneLineOrTooLong_IsRefused(string? reason) =>
        Refused("Announcement.RevisionReasonInvalid",
            Rules.CanRevise(Published(Today, Today.AddDays(6)), false, reason ?? new string('长', AnnouncementRules.MaximumRevisionReason + 1), YuxiReviewer, Now));

    [Theory]
    [InlineData(AnnouncementStage.VillagePublicity, StaffRole.TownshipReviewer)]
    [InlineData(AnnouncementStage.TownshipPublicity, StaffRole.TownshipReviewer)]
    [InlineData(AnnouncementStage.DistrictNotice, StaffRole.DistrictReviewer)]
    public void Publisher_IsTheRoleMayPublishAllows(AnnouncementStage stage, StaffRole role) =>
        Assert.Equal(role, Rules.Publisher(AnnouncementKind.Identification, stage));

    // Every status (published ones before, during and after their period), stage and kind, in the village and outside it.
    private static IEnumerable<Announcement> EveryAnnouncement()
    {
        foreach (var kind in Enum.GetValues<AnnouncementKind>())
        foreach (var stage in Enum.GetValues<AnnouncementStage>())
        foreach (var region in new[] { Guihua, "511903101201" })
        {
            var draft = Draft(kind, stage) with { RegionCode = region };
            foreach (var status in Enum.GetValues<AnnouncementStatus>())
            {
                yield return draft with { Status = status };
            }
            foreach (var (start, end) in new[] { (Today.AddDays(2), Today.AddDays(9)), (Today, Today.AddDays(6)), (Today.AddDays(-10), Today.AddDays(-4)) })
            {
                yield return draft with { Status = AnnouncementStatus.Published, PeriodStart = start, PeriodEnd = end };
                yield return draft with { Status = AnnouncementStatus.Closed, PeriodStart = start, PeriodEnd = end };
            }
        }
    }

    private static readonly StaffActor[] Everyone = [Clerk, YuxiReviewer, OtherReviewer, DistrictReviewer, Inspector, Admin];

    // The editor offers exactly what the per-action checks allow, given what the actor has not typed yet (a valid period,
    // a reason) and before the store counts what it counts (no objection waiting, no later stage yet).
    [Fact]
    public void Available_AgreesWithEveryPerActionCheck_ForEveryAnnouncementAndActor()
    {
        var checks = new Dictionary<AnnouncementAction, Func<Announcement, StaffActor, bool>>
        {
            [AnnouncementAction.EditEntries] = (a, actor) => Rules.CanEdit(a, actor).IsAllowed,
            [AnnouncementAction.Publish] = (a, actor) => Rules.CanPublish(a, Days(0, 7), 3, actor, Now).IsAllowed,
            [AnnouncementAction.Withdraw] = (a, actor) => Rules.CanWithdraw(a, "名单有误", actor, Now).IsAllowed,
            [AnnouncementAction.Finalize] = (a, actor) => Rules.CanFinalize(a, 0, actor, Now).IsAllowed,
            [AnnouncementAction.Advance] = (a, actor) => Rules.CanAdvance(a, false, 0, actor).IsAllowed,
            [AnnouncementAction.Revise] = (a, actor) => Rules.CanRevise(a, false, "收入计算有误", actor, Now).IsAllowed,
        };
        Assert.Equal(Enum.GetValues<AnnouncementAction>().Order(), checks.Keys.Order());
        var offered = new HashSet<AnnouncementAction>();
        foreach (var a in EveryAnnouncement())
        foreach (var actor in Everyone)
        {
            var available = Rules.Available(a, actor, Now);
            foreach (var (action, allows) in checks)
            {
                Assert.True(allows(a, actor) == available.Contains(action),
                    $"{action} for {actor.Role} on {a.Kind} {a.Stage} {a.Status} {a.PeriodStart}–{a.PeriodEnd} in {a.RegionCode}");
            }
            offered.UnionWith(available);
        }
        Assert.Equal(checks.Keys.Order(), offered.Order());
    }

    [Fact]
    public void Available_ADraftOfTheVillageStage_ToTheClerkIsEditing_ToTheTownshipReviewerAlsoPublishing()
    {
        Assert.Equal([AnnouncementAction.EditEntries], Rules.Available(Draft(), Clerk, Now));
        Assert.Equal([AnnouncementAction.EditEntries, AnnouncementAction.Publish], Rules.Available(Draft(), YuxiReviewer, Now).Order());
        Assert.Equal([AnnouncementAction.EditEntries], Rules.Available(Draft(), DistrictReviewer, Now));
        Assert.Empty(Rules.Available(Draft(), OtherReviewer, Now));
        Assert.Empty(Rules.Available(Draft(), Inspector, Now));
    }

    [Fact]
    public void Available_APublishedAnnouncement_IsWithdrawnOrRevisedInItsPeriod_FinalizedOrRevisedAfterIt()
    {
        Assert.Equal([AnnouncementAction.Withdraw, AnnouncementAction.Revise], Rules.Available(Published(Today, Today.AddDays(6)), YuxiReviewer, Now).Order());
        Assert.Equal([AnnouncementAction.Finalize, AnnouncementAction.Revise], Rules.Available(Published(Today.AddDays(-10), Today.AddDays(-4)), YuxiReviewer, Now).Order());
        Assert.Empty(Rules.Available(Published(Today, Today.AddDays(6)), Clerk, Now));
    }

    [Fact]
    public void Available_AFinalizedDistrictNotice_OffersNothing_AFinalizedVillageStage_Advances()
    {
        Assert.Empty(Rules.Available(Draft(stage: AnnouncementStage.DistrictNotice) with { Status = AnnouncementStatus.Finalized }, DistrictReviewer, Now));
        Assert.Equal([AnnouncementAction.Advance], Rules.Available(Draft() with { Status = AnnouncementStatus.Finalized }, YuxiReviewer, Now));
    }

    [Fact]
    public void MayView_OnlyTheActorsOwnRegion()
    {
        Assert.True(AnnouncementRules.MayView(YuxiReviewer, Draft()));
        Assert.True(AnnouncementRules.MayView(Inspector, Draft()));
        Assert.False(AnnouncementRules.MayView(OtherReviewer, Draft()));
    }
}
