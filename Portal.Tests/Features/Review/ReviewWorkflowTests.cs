using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

public sealed class ReviewWorkflowTests
{
    private const string Yuxi = "511903100000";
    private const string District = "511903000000";
    // The deadline mechanics are checked on the administrative lane stated as the portal's earlier defaults (3, 15 and
    // 7 calendar days, or the same counts in working days); the shipped defaults have their own tests (LaneWorkflowTests).
    private static readonly ReviewWorkflow Workflow = new(LaneTestOptions.Administrative(3, 15, 7, PeriodUnit.CalendarDays));
    // The State Council's 2026 schedule, as the start-up seeder loads it.
    private static readonly WorkingDays Calendar2026 = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(Yuxi));
    private static readonly StaffActor OtherTownship = new(2, "jiuzhen.reviewer", StaffRole.TownshipReviewer, RegionScope.Of("511903200000"));
    private static readonly StaffActor DistrictReviewer = new(3, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(District));
    private static readonly StaffActor Inspector = new(4, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(District));
    private static readonly StaffActor Admin = new(5, "admin", StaffRole.Administrator, RegionScope.Of(District));

    private static ObjectionRow Case(ObjectionState state, ReviewQueue queue = ReviewQueue.Township, string? assigned = null) => new()
    {
        Id = 1, State = state, Queue = queue, QueueRegionCode = queue == ReviewQueue.Township ? Yuxi : District, AssignedTo = assigned,
        ReceivedUtc = new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc),
    };

    private static ObjectionRow Replied(ObjectionState state, DateTime repliedUtc) => Case(state) with { RepliedUtc = repliedUtc };

    private static ObjectionRow Received(ObjectionState state, DateTime receivedUtc) => Case(state) with { ReceivedUtc = receivedUtc };

    private static DateTimeOffset AdmissibilityDue(ReviewWorkflow workflow, DateTime receivedUtc) =>
        CaseDeadlines.EndOf(workflow.Deadlines(Calendar2026, Received(ObjectionState.Received, receivedUtc)).Acceptance);

    private static DateTimeOffset ReplyDue(ReviewWorkflow workflow, DateTime receivedUtc) =>
        CaseDeadlines.EndOf(workflow.Deadlines(Calendar2026, Received(ObjectionState.Received, receivedUtc)).Reply!.Value);

    public static TheoryData<ObjectionState, ReviewAction, ObjectionState> Allowed => new()
    {
        { ObjectionState.Received, ReviewAction.Accept, ObjectionState.Admissible },
        { ObjectionState.Received, ReviewAction.Reject, ObjectionState.Inadmissible },
        { ObjectionState.Admissible, ReviewAction.Investigate, ObjectionState.UnderInvestigation },
        { ObjectionState.Escalated, ReviewAction.Investigate, ObjectionState.UnderInvestigation },
        { ObjectionState.UnderInvestigation, ReviewAction.Decide, ObjectionState.Decided },
        { ObjectionState.Decided, ReviewAction.Reply, ObjectionState.Replied },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Next_EveryTransitionOfTheSpec_IsAllowed(ObjectionState from, ReviewAction action, ObjectionState to)
    {
        Assert.Equal(to, ReviewWorkflow.Next(CaseLane.Administrative, from, action));
        Assert.True(Workflow.CanAct(Case(from), action, Reviewer, Ties.None, "理由文字", Outcome.Upheld).IsAllowed);
    }

    [Fact]
    public void Next_EveryOtherStateAndAction_IsRefused()
    {
        var allowed = Allowed.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        foreach (var state in Enum.GetValues<ObjectionState>())
        {
            foreach (var action in new[] { ReviewAction.Accept, ReviewAction.Reject, ReviewAction.Investigate, ReviewAction.Decide, ReviewAction.Reply })
            {
                if (allowed.Contains((state, action))) continue;
                Assert.Null(ReviewWorkflow.Next(CaseLane.Administrative, state, action));
                Assert.Equal("Review.NotAllowedInState", Workflow.CanAct(Case(state), action, Reviewer, Ties.None, "x", Outcome.Upheld).Rule);
            }
        }
    }

    [Fact]
    public void CanAct_RejectOrReplyWithoutText_IsRefused()
    {
        Assert.Equal("Review.RejectReasonRequired", Workflow.CanAct(Case(ObjectionState.Received), ReviewAction.Reject, Reviewer, Ties.None, " ").Rule);
        Assert.Equal("Review.ReplyRequired", Workflow.CanAct(Case(ObjectionState.Decided), ReviewAction.Reply, Reviewer, Ties.None, null).Rule);
        Assert.Equal("Review.OutcomeRequired", Workflow.CanAct(Case(ObjectionState.UnderInvestigation), ReviewAction.Decide, Reviewer, Ties.None).Rule);
    }

    [Fact]
    public void CanAct_QueueOwnersOnly()
    {
        var township = Case(ObjectionState.Received);
        Assert.Equal("Review.NotYourQueue", Workflow.CanAct(township, ReviewAction.Accept, OtherTownship, Ties.None).Rule);
        Assert.Equal("Review.NotYourQueue", Workflow.CanAct(township, ReviewAction.Accept, DistrictReviewer, Ties.None).Rule);
        Assert.Equal("Review.NotYourQueue", Workflow.CanAct(township, ReviewAction.Accept, Inspector, Ties.None).Rule);
        Assert.Equal("Review.AdministratorsDoNotDecide", Workflow.CanAct(township, ReviewAction.Accept, Admin, Ties.None).Rule);
        Assert.True(Workflow.CanAct(Case(ObjectionState.Received, ReviewQueue.DisciplineInspection), ReviewAction.Accept, Inspector, Ties.None).IsAllowed);
        Assert.True(Workflow.CanAct(Case(ObjectionState.Escalated, ReviewQueue.District), ReviewAction.Investigate, DistrictReviewer, Ties.None).IsAllowed);
    }

    [Fact]
    public void CanAct_AssignedToSomeoneElse_IsRefusedNamingThem() =>
        Assert.Equal(["someone"], Workflow.CanAct(Case(ObjectionState.Admissible, assigned: "someone"), ReviewAction.Investigate, Reviewer, Ties.None).Args);

    [Theory]
    [InlineData(true, false, false, "Review.Conflict")]
    [InlineData(false, true, false, "Review.Recused")]
    [InlineData(false, false, true, "Review.HomeVillage")]
    public void CanAct_WithATie_IsRefusedButRecusalStaysPossible(bool conflict, bool recused, bool home, string rule)
    {
        var ties = new Ties(conflict, recused, home);

        Assert.Equal(rule, Workflow.CanAct(Case(ObjectionState.Received), ReviewAction.Accept, Reviewer, ties).Rule);
        Assert.True(Workflow.CanAct(Case(ObjectionState.Received), ReviewAction.Recuse, Reviewer, ties, "亲属关系").IsAllowed);
        Assert.Equal([ReviewAction.Recuse], Workflow.Available(Case(ObjectionState.Received), Reviewer, ties));
    }

    [Fact]
    public void Appeal_WithinSevenDaysOfTheReply_AndNotAfter()
    {
        var replied = new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc);
        var justInside = new DateTimeOffset(replied).AddDays(7);
        var justOutside = justInside.AddSeconds(1);

        Assert.True(Workflow.CanAppeal(Calendar2026, Replied(ObjectionState.Replied, replied), justInside));
        Assert.True(Workflow.CanAppeal(Calendar2026, Replied(ObjectionState.Inadmissible, replied), justInside));
        Assert.False(Workflow.CanAppeal(Calendar2026, Replied(ObjectionState.Replied, replied), justOutside));
        Assert.False(Workflow.CanAppeal(Calendar2026, Replied(ObjectionState.Decided, replied), justInside));
        Assert.True(Workflow.ShouldClose(Calendar2026, Replied(ObjectionState.Replied, replied), justOutside));
        Assert.False(Workflow.ShouldClose(Calendar2026, Replied(ObjectionState.Replied, replied), justInside));
    }

    // Issue 15: an appeal goes up the government line — township → district → the review office — and never into
    // discipline inspection; after the review office nothing (this asserted District → DisciplineInspection before).
    [Fact]
    public void AppealTo_GoesOneLevelUpTheGovernmentLine_NeverToDisciplineInspection()
    {
        Assert.Equal(ReviewQueue.District, ReviewWorkflow.AppealTo(Case(ObjectionState.Replied)));
        Assert.Equal(ReviewQueue.ReviewOffice, ReviewWorkflow.AppealTo(Case(ObjectionState.Replied, ReviewQueue.District)));
        Assert.Null(ReviewWorkflow.AppealTo(Case(ObjectionState.Replied, ReviewQueue.ReviewOffice)));
        Assert.Null(ReviewWorkflow.AppealTo(Case(ObjectionState.Replied, ReviewQueue.DisciplineInspection) with { Lane = CaseLane.Misconduct }));
    }

    [Theory]
    // Received 2026-01-30 10:00 Beijing: admissibility ends 2026-02-02 24:00, reply 2026-02-14 24:00 (across a month end).
    [InlineData("2026-01-30T02:00:00Z", "2026-02-02T16:00:00Z", "2026-02-14T16:00:00Z")]
    // Received 2026-01-31 23:30 Beijing (15:30 UTC), still the 31st locally: due 2026-02-03 and 2026-02-15 24:00.
    [InlineData("2026-01-31T15:30:00Z", "2026-02-03T16:00:00Z", "2026-02-15T16:00:00Z")]
    // Received 2026-01-31 00:30 Beijing (2026-01-30 16:30 UTC): the local date is the 31st.
    [InlineData("2026-01-30T16:30:00Z", "2026-02-03T16:00:00Z", "2026-02-15T16:00:00Z")]
    // A leap-free February into March.
    [InlineData("2026-02-20T04:00:00Z", "2026-02-23T16:00:00Z", "2026-03-07T16:00:00Z")]
    public void Deadlines_CountLocalDaysInShanghai(string received, string admissibility, string reply)
    {
        var utc = DateTimeOffset.Parse(received).UtcDateTime;

        Assert.Equal(DateTimeOffset.Parse(admissibility), AdmissibilityDue(Workflow, utc));
        Assert.Equal(DateTimeOffset.Parse(reply), ReplyDue(Workflow, utc));
        Assert.False(Workflow.IsOverdue(Calendar2026, Received(ObjectionState.Received, utc), AdmissibilityDue(Workflow, utc).AddSeconds(-1)));
        Assert.True(Workflow.IsOverdue(Calendar2026, Received(ObjectionState.Received, utc), AdmissibilityDue(Workflow, utc)));
        Assert.False(Workflow.IsOverdue(Calendar2026, Received(ObjectionState.UnderInvestigation, utc), AdmissibilityDue(Workflow, utc)));
        Assert.True(Workflow.IsOverdue(Calendar2026, Received(ObjectionState.UnderInvestigation, utc), ReplyDue(Workflow, utc)));
        Assert.False(Workflow.IsOverdue(Calendar2026, Received(ObjectionState.Replied, utc), ReplyDue(Workflow, utc).AddDays(3)));
    }

    private static readonly ReviewWorkflow WorkingDayWorkflow = new(LaneTestOptions.Administrative(3, 15, 7, PeriodUnit.WorkingDays));

    [Theory]
    // Received Friday 2026-09-25 10:00 Beijing, the first day of 中秋: 3 working days are 09-28 to 09-30; 15 working days
    // skip 国庆 (10-01 to 10-07) and count the 调休 Saturday 10-10: due 2026-10-22 24:00.
    [InlineData("2026-09-25T02:00:00Z", "2026-09-30T16:00:00Z", "2026-10-22T16:00:00Z")]
    // Received Wednesday 2026-09-30: 10-08, 10-09 and the 调休 Saturday 10-10 make the 3 days; the reply is due 10-27.
    [InlineData("2026-09-30T02:00:00Z", "2026-10-10T16:00:00Z", "2026-10-27T16:00:00Z")]
    public void Deadlines_InWorkingDays_SkipNationalDayAndCountTheMakeUpSaturday(string received, string admissibility, string reply)
    {
        var utc = DateTimeOffset.Parse(received).UtcDateTime;

        Assert.Equal(DateTimeOffset.Parse(admissibility), AdmissibilityDue(WorkingDayWorkflow, utc));
        Assert.Equal(DateTimeOffset.Parse(reply), ReplyDue(WorkingDayWorkflow, utc));
        Assert.False(WorkingDayWorkflow.IsOverdue(Calendar2026, Received(ObjectionState.Admissible, utc), DateTimeOffset.Parse(reply).AddSeconds(-1)));
        Assert.True(WorkingDayWorkflow.IsOverdue(Calendar2026, Received(ObjectionState.Admissible, utc), DateTimeOffset.Parse(reply)));
        Assert.Empty(WorkingDayWorkflow.FallbackYears(Calendar2026, Received(ObjectionState.Received, utc)));
    }

    [Fact]
    public void Deadlines_InCalendarDays_AcrossNationalDay_CountEveryDay()
    {
        var utc = new DateTime(2026, 9, 25, 2, 0, 0, DateTimeKind.Utc);

        Assert.Equal(DateTimeOffset.Parse("2026-09-28T16:00:00Z"), AdmissibilityDue(Workflow, utc));
        Assert.Equal(DateTimeOffset.Parse("2026-10-10T16:00:00Z"), ReplyDue(Workflow, utc));
        Assert.Empty(Workflow.FallbackYears(Calendar2026, Received(ObjectionState.Received, utc)));
    }

    [Fact]
    public void Deadlines_InWorkingDays_IntoAYearWithNoCalendar_CountWeekendsOnlyAndSaySo()
    {
        // Thursday 2026-12-31: 2027-01-01 would be 元旦, but 2027 has no calendar, so it counts as a working day.
        var utc = new DateTime(2026, 12, 31, 2, 0, 0, DateTimeKind.Utc);

        Assert.Equal(DateTimeOffset.Parse("2027-01-05T16:00:00Z"), AdmissibilityDue(WorkingDayWorkflow, utc));
        Assert.Equal([2027], WorkingDayWorkflow.FallbackYears(Calendar2026, Received(ObjectionState.Received, utc)));
        Assert.Empty(Workflow.FallbackYears(Calendar2026, Received(ObjectionState.Received, utc)));
    }

    [Fact]
    public void Appeal_InWorkingDays_TheWindowSkipsNationalDay()
    {
        // Replied Wednesday 2026-09-30 10:00 Beijing: the 7th working day after is Thursday 10-15, so the window ends 10:00 then.
        var replied = new DateTime(2026, 9, 30, 2, 0, 0, DateTimeKind.Utc);
        var justInside = new DateTimeOffset(2026, 10, 15, 2, 0, 0, TimeSpan.Zero);
        var c = Case(ObjectionState.Replied) with { RepliedUtc = replied };

        Assert.True(WorkingDayWorkflow.CanAppeal(Calendar2026, Replied(ObjectionState.Replied, replied), justInside));
        Assert.False(WorkingDayWorkflow.CanAppeal(Calendar2026, Replied(ObjectionState.Replied, replied), justInside.AddSeconds(1)));
        Assert.False(Workflow.CanAppeal(Calendar2026, Replied(ObjectionState.Replied, replied), new DateTimeOffset(replied).AddDays(7).AddSeconds(1)));
        Assert.Null(WorkingDayWorkflow.Close(Calendar2026, c, justInside));
        Assert.NotNull(WorkingDayWorkflow.Close(Calendar2026, c, justInside.AddSeconds(1)));
        var (result, move) = WorkingDayWorkflow.Appeal(Calendar2026, c, "我认为属于本次公示范围，请复核。", justInside.AddSeconds(1));
        Assert.Equal(("ReviewDeadlines.AppealWindowWorkingDays", 7), (result.Rule, (int)result.Args[0]));
        Assert.Null(move);
    }

    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static CaseMove Move(ObjectionRow c, ReviewAction action, StaffActor actor, string? text = "理由文字", Outcome? outcome = null, Ties? ties = null)
    {
        var (result, move) = Workflow.Act(c, action, actor, ties ?? Ties.None, text, outcome, Now);
        Assert.True(result.IsAllowed, result.Rule);
        return move!;
    }

    [Fact]
    public void Act_DecideUpheld_OnAWronglyIncludedEntry_WithdrawsTheEntryNamingTheCase()
    {
        var c = Case(ObjectionState.UnderInvestigation, assigned: Reviewer.UserName) with { CaseNumber = "恩阳-2026-000001", Category = ObjectionCategory.WronglyIncluded, EntryId = 42 };

        var move = Move(c, ReviewAction.Decide, Reviewer, "核实属实", Outcome.Upheld);

        Assert.Equal(new WithdrawEntry(42, "恩阳-2026-000001"), Assert.Single(move.Effects));
        Assert.Equal(ObjectionState.Decided, move.Change.State);
        Assert.Equal(nameof(Outcome.Upheld), move.Change.Outcome);
        Assert.Equal([new NewObjectionEvent(ObjectionEventKind.StateChanged, ObjectionState.Decided, "Upheld", Reviewer.UserName),
            new NewObjectionEvent(ObjectionEventKind.InternalNote, Text: "核实属实", Actor: Reviewer.UserName)], move.Events);
        Assert.Equal("ObjectionDecide", move.Audit.Kind);
        Assert.True(move.ChangesPublicPages);
    }

    [Theory]
    [InlineData(ObjectionCategory.InaccurateInformation, Outcome.Upheld, "MarkEntryForCorrection")]
    [InlineData(ObjectionCategory.WronglyExcluded, Outcome.Upheld, "FlagHouseholdForNextRound")]
    [InlineData(ObjectionCategory.WronglyIncluded, Outcome.NotUpheld, null)]
    [InlineData(ObjectionCategory.Other, Outcome.Upheld, null)]
    public void Act_Decide_HasTheEffectOfItsCategoryOnlyWhenUpheld(ObjectionCategory category, Outcome outcome, string? effect)
    {
        var c = Case(ObjectionState.UnderInvestigation) with { Category = category, EntryId = 42, HouseholdId = 7 };

        var move = Move(c, ReviewAction.Decide, Reviewer, null, outcome);

        Assert.Equal(effect, move.Effects.SingleOrDefault()?.GetType().Name);
    }

    [Fact]
    public void Act_RecuseByTheAssignee_ClearsTheAssignee_KeepsTheRecusalAndAsksForRouting()
    {
        var move = Move(Case(ObjectionState.Admissible, assigned: Reviewer.UserName), ReviewAction.Recuse, Reviewer, " 该户户主是我的表兄 ");

        Assert.Null(move.Change.AssignedTo);
        Assert.Equal(ObjectionState.Admissible, move.Change.State);
        Assert.Equal(new CaseRecusal(Reviewer.UserName, "该户户主是我的表兄"), move.Recusal);
        Assert.True(move.ThenRouteIfStranded);
        Assert.Equal([new NewObjectionEvent(ObjectionEventKind.InternalNote, Text: "该户户主是我的表兄", Actor: Reviewer.UserName)], move.Events);
    }

    [Fact]
    public void Act_RecuseBySomeoneElse_LeavesTheAssignee()
    {
        var colleague = Reviewer with { UserId = 9, UserName = "yuxi.colleague" };

        Assert.Equal(Reviewer.UserName, Move(Case(ObjectionState.Admissible, assigned: Reviewer.UserName), ReviewAction.Recuse, colleague).Change.AssignedTo);
    }

    [Fact]
    public void Act_FirstAction_TakesTheCase()
    {
        var move = Move(Case(ObjectionState.Received), ReviewAction.Accept, Reviewer);

        Assert.Equal(Reviewer.UserName, move.Change.AssignedTo);
        Assert.Null(move.Change.RepliedUtc);
        Assert.Null(move.Recusal);
        Assert.Empty(move.Effects);
    }

    [Fact]
    public void Act_Reply_SetsTheRepliedTimeAndWritesTheReplyForTheComplainant()
    {
        var move = Move(Case(ObjectionState.Decided), ReviewAction.Reply, Reviewer, "经核实，情况属实。");

        Assert.Equal(Now, move.Change.RepliedUtc);
        Assert.Equal(ObjectionState.Replied, move.Change.State);
        Assert.Equal(new NewObjectionEvent(ObjectionEventKind.Reply, Text: "经核实，情况属实。", Actor: Reviewer.UserName), move.Events[^1]);
    }

    [Fact]
    public void Act_Refused_HasNoMove()
    {
        var (result, move) = Workflow.Act(Case(ObjectionState.Received), ReviewAction.Accept, Admin, Ties.None, null, null, Now);

        Assert.Equal("Review.AdministratorsDoNotDecide", result.Rule);
        Assert.Null(move);
    }

    [Fact]
    public void Appeal_WithinTheWindow_GoesOneLevelUpUnassigned_WithItsThreeEventsInOrder()
    {
        var c = Case(ObjectionState.Replied, assigned: Reviewer.UserName) with { RepliedUtc = Now.AddDays(-2) };

        var (result, move) = Workflow.Appeal(Calendar2026, c, "我认为属于本次公示范围，请上级复核。", new DateTimeOffset(Now));

        Assert.True(result.IsAllowed);
        Assert.Equal((ObjectionState.Escalated, ReviewQueue.District, District, (string?)null),
            (move!.Change.State, move.Change.Queue, move.Change.QueueRegionCode, move.Change.AssignedTo));
        Assert.Equal([ObjectionState.Appealed, null, ObjectionState.Escalated], move.Events.Select(e => e.State));
        Assert.Equal(ObjectionEventKind.MessageFromComplainant, move.Events[1].Kind);
        Assert.Equal("ObjectionAppealed", move.Audit.Kind);
    }

    [Fact]
    public void Appeal_AfterTheWindow_IsRefusedNamingTheDays()
    {
        var (result, move) = Workflow.Appeal(Calendar2026, Case(ObjectionState.Replied) with { RepliedUtc = Now.AddDays(-8) }, "我认为属于本次公示范围，请复核。", new DateTimeOffset(Now));

        Assert.Equal(("Review.AppealWindow", 7), (result.Rule, (int)result.Args[0]));
        Assert.Null(move);
    }

    [Fact]
    public void Close_OnlyAfterTheAppealWindow_ClosesWithOneEvent()
    {
        var c = Case(ObjectionState.Inadmissible) with { RepliedUtc = Now.AddDays(-7).AddMinutes(-1) };

        Assert.Null(Workflow.Close(Calendar2026, c with { RepliedUtc = Now.AddDays(-6) }, new DateTimeOffset(Now)));
        var move = Workflow.Close(Calendar2026, c, new DateTimeOffset(Now))!;
        Assert.Equal(ObjectionState.Closed, move.Change.State);
        Assert.Equal([new NewObjectionEvent(ObjectionEventKind.StateChanged, ObjectionState.Closed)], move.Events);
        Assert.Equal("ObjectionClosed", move.Audit.Kind);
    }

    [Fact]
    public void RouteIfStranded_EveryTownshipReviewerTied_SendsTheCaseToTheDistrictUnassigned()
    {
        var c = Case(ObjectionState.Admissible, assigned: Reviewer.UserName) with { HouseholdId = 7 };
        var home = Reviewer with { UserId = 10, UserName = "home", HomeVillageCode = "511903100001" };
        var conflicted = Reviewer with { UserId = 11, UserName = "conflicted" };
        var conflicts = new CaseConflicts([Reviewer.UserName], [11]);

        var move = ReviewWorkflow.RouteIfStranded(c, "511903100001", [Reviewer, home, conflicted], conflicts, Now)!;

        Assert.Equal((ReviewQueue.District, District, (string?)null, true),
            (move.Change.Queue, move.Change.QueueRegionCode, move.Change.AssignedTo, move.Change.RoutedToDistrict));
        Assert.Equal([new NewObjectionEvent(ObjectionEventKind.StateChanged, ObjectionState.Admissible, Portal.Resources.TimelineText.RoutedToDistrict)], move.Events);
        Assert.Equal("ObjectionRoutedToDistrict", move.Audit.Kind);
    }

    [Fact]
    public void RouteIfStranded_OneFreeReviewer_EvenWithTheCaseTakenByAnother_KeepsItInTheTownship()
    {
        var c = Case(ObjectionState.Admissible, assigned: "someone") with { HouseholdId = 7 };

        Assert.Null(ReviewWorkflow.RouteIfStranded(c, "511903100001", [Reviewer], CaseConflicts.None, Now));
        Assert.Null(ReviewWorkflow.RouteIfStranded(c with { Queue = ReviewQueue.District, QueueRegionCode = District }, "511903100001", [], CaseConflicts.None, Now));
        Assert.Null(ReviewWorkflow.RouteIfStranded(c with { State = ObjectionState.Closed }, "511903100001", [], CaseConflicts.None, Now));
        Assert.NotNull(ReviewWorkflow.RouteIfStranded(c, "511903100001", [], CaseConflicts.None, Now));
    }

    [Fact]
    public void CaseAuthority_OnlyInspectorsReveal()
    {
        Assert.True(CaseAuthority.MayReveal(Inspector));
        Assert.All([Reviewer, DistrictReviewer, Admin], a => Assert.False(CaseAuthority.MayReveal(a)));
    }

    [Fact]
    public void CaseAuthority_Ties_AreTheConflictTheRecusalAndTheHomeVillage()
    {
        var c = Case(ObjectionState.Received) with { HouseholdId = 7 };

        Assert.Equal(new Ties(true, true, true),
            CaseAuthority.TiesOf(Reviewer with { HomeVillageCode = "511903100001" }, c, "511903100001", new CaseConflicts([Reviewer.UserName], [Reviewer.UserId])));
        Assert.Equal(Ties.None, CaseAuthority.TiesOf(Reviewer, c with { HouseholdId = null }, "511903100001", new CaseConflicts([], [Reviewer.UserId])));
    }
}
