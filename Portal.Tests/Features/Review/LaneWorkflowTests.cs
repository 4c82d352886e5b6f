using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Resources;

namespace Portal.Tests.Features.Review;

// The two lanes' state machines (issue 15), every state × action of each, and their deadlines with the shipped
// defaults of Review:Lanes over the State Council's 2026 calendar.
public sealed class LaneWorkflowTests
{
    private const string Yuxi = "511903100000";
    private const string Guihua = "511903100201";
    private const string District = "511903000000";
    private static readonly ReviewWorkflow Workflow = new(new ReviewOptions());
    private static readonly WorkingDays Calendar2026 = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(Yuxi));
    private static readonly StaffActor Inspector = new(4, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(District));
    private static readonly StaffActor Officer = new(6, "review.officer", StaffRole.ReviewOfficer, RegionScope.Of(District));
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static ObjectionRow Administrative(ObjectionState state, ReviewQueue queue = ReviewQueue.Township) => new()
    {
        Id = 1, CaseNumber = "恩阳-2026-000001", State = state, Queue = queue, QueueRegionCode = queue == ReviewQueue.Township ? Yuxi : District,
        Lane = CaseLane.Administrative, Category = ObjectionCategory.WronglyIncluded, ReceivedUtc = Now.AddDays(-1),
    };

    private static ObjectionRow Misconduct(ObjectionState state, bool named = true) => new()
    {
        Id = 2, CaseNumber = "恩阳-2026-000002", State = state, Queue = ReviewQueue.DisciplineInspection, QueueRegionCode = District,
        Lane = CaseLane.Misconduct, Category = ObjectionCategory.Favouritism, Anonymous = !named, ReceivedUtc = Now.AddDays(-1),
    };

    private static readonly ReviewAction[] Generic = [ReviewAction.Message, ReviewAction.Note, ReviewAction.Recuse];

    // Every move each lane allows; every other state × action is refused.
    private static readonly Dictionary<(ObjectionState, ReviewAction), ObjectionState> AdministrativeMoves = new()
    {
        [(ObjectionState.Received, ReviewAction.Accept)] = ObjectionState.Admissible,
        [(ObjectionState.Received, ReviewAction.Reject)] = ObjectionState.Inadmissible,
        [(ObjectionState.Admissible, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Escalated, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.UnderInvestigation, ReviewAction.Decide)] = ObjectionState.Decided,
        [(ObjectionState.Decided, ReviewAction.Reply)] = ObjectionState.Replied,
        [(ObjectionState.Received, ReviewAction.TakeOver)] = ObjectionState.Received,
        [(ObjectionState.Admissible, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.Inadmissible, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.UnderInvestigation, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.Decided, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.Replied, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.Appealed, ReviewAction.TakeOver)] = ObjectionState.Admissible,
        [(ObjectionState.Escalated, ReviewAction.TakeOver)] = ObjectionState.Admissible,
    };

    private static readonly Dictionary<(ObjectionState, ReviewAction), ObjectionState> MisconductMoves = new()
    {
        [(ObjectionState.Received, ReviewAction.Accept)] = ObjectionState.Admissible,
        [(ObjectionState.Admissible, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Admissible, ReviewAction.Decide)] = ObjectionState.Closed,
        [(ObjectionState.UnderInvestigation, ReviewAction.Decide)] = ObjectionState.Closed,
        [(ObjectionState.Admissible, ReviewAction.TellAccepted)] = ObjectionState.Admissible,
        [(ObjectionState.UnderInvestigation, ReviewAction.TellAccepted)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Closed, ReviewAction.TellAccepted)] = ObjectionState.Closed,
        [(ObjectionState.Closed, ReviewAction.TellResult)] = ObjectionState.Closed,
        [(ObjectionState.Received, ReviewAction.HandOver)] = ObjectionState.Received,
        [(ObjectionState.Admissible, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.Inadmissible, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.UnderInvestigation, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.Decided, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.Replied, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.Appealed, ReviewAction.HandOver)] = ObjectionState.Admissible,
        [(ObjectionState.Escalated, ReviewAction.HandOver)] = ObjectionState.Admissible,
    };

    public static TheoryData<CaseLane> BothLanes => [CaseLane.Administrative, CaseLane.Misconduct];

    [Theory]
    [MemberData(nameof(BothLanes))]
    public void EveryStateAndAction_IsAllowedExactlyAsTheLaneSays_AndRefusedOtherwise(CaseLane lane)
    {
        var moves = lane == CaseLane.Administrative ? AdministrativeMoves : MisconductMoves;
        foreach (var state in Enum.GetValues<ObjectionState>())
        {
            foreach (var action in Enum.GetValues<ReviewAction>())
            {
                ObjectionState? expected = Generic.Contains(action) ? (state == ObjectionState.Closed ? null : state)
                    : moves.TryGetValue((state, action), out var next) ? next : null;
                Assert.True(expected == ReviewWorkflow.Next(lane, state, action), $"{lane} {state} {action}: expected {expected?.ToString() ?? "refused"}");
                var c = lane == CaseLane.Administrative ? Administrative(state) : Misconduct(state);
                var actor = lane == CaseLane.Misconduct || action == ReviewAction.TakeOver ? Inspector : Reviewer;
                var result = Workflow.CanAct(c, action, actor, Ties.None, "理由文字", Outcome.NotUpheld, Disposition.Concluded);
                if (expected is null)
                {
                    Assert.Equal(Generic.Contains(action) ? "Review.Closed" : "Review.NotAllowedInState", result.Rule);
                }
                else Assert.True(result.IsAllowed, $"{lane} {state} {action}: {result.Rule}");
            }
        }
    }

    [Fact]
    public void Misconduct_Decide_NeedsADisposition_AndClosesWithIt_TheOutcomeStayingWithStaff()
    {
        var c = Misconduct(ObjectionState.UnderInvestigation);

        Assert.Equal("Lanes.DispositionRequired", Workflow.CanAct(c, ReviewAction.Decide, Inspector, Ties.None, "约谈", Outcome.Upheld).Rule);
        var (result, move) = Workflow.Act(c, ReviewAction.Decide, Inspector, Ties.None, "经谈话函询，已责令说明情况。", null, Now, Disposition.TalkOrLetterInquiry);

        Assert.True(result.IsAllowed);
        Assert.Equal((ObjectionState.Closed, Disposition.TalkOrLetterInquiry, Now, (string?)null),
            (move!.Change.State, move.Change.Disposition, move.Change.ClosedUtc, move.Change.Outcome));
        Assert.Equal([ObjectionEventKind.StateChanged, ObjectionEventKind.InternalNote], move.Events.Select(e => e.Kind));
        Assert.Empty(move.Effects);
    }

    [Fact]
    public void Misconduct_Notices_OnlyToANamedComplainant_OnceEach_AsAMessageTheyRead()
    {
        var accepted = Misconduct(ObjectionState.Admissible);

        Assert.Equal("Lanes.AnonymousNotTold", Workflow.CanAct(Misconduct(ObjectionState.Admissible, named: false), ReviewAction.TellAccepted, Inspector, Ties.None, "已受理").Rule);
        Assert.Equal("Lanes.NoticeRequired", Workflow.CanAct(accepted, ReviewAction.TellAccepted, Inspector, Ties.None, " ").Rule);
        Assert.Equal("Lanes.AlreadyTold", Workflow.CanAct(accepted with { AcceptanceToldUtc = Now }, ReviewAction.TellAccepted, Inspector, Ties.None, "已受理").Rule);
        var (_, move) = Workflow.Act(accepted, ReviewAction.TellAccepted, Inspector, Ties.None, "您的举报已受理。", null, Now);

        Assert.Equal(Now, move!.Change.AcceptanceToldUtc);
        Assert.Equal(new NewObjectionEvent(ObjectionEventKind.MessageToComplainant, Text: "您的举报已受理。", Actor: Inspector.UserName), Assert.Single(move.Events));
        Assert.True(ReviewWorkflow.ReachesComplainant(ReviewAction.TellAccepted) && ReviewWorkflow.ReachesComplainant(ReviewAction.TellResult));
    }

    [Fact]
    public void TakeOver_OnlyByAnInspector_MovesTheCaseToInspectionAndTheMisconductLane_TheReasonStaysInternal()
    {
        var c = Administrative(ObjectionState.UnderInvestigation) with { AssignedTo = Reviewer.UserName };

        Assert.Equal("Lanes.OnlyInspectorsTakeOver", Workflow.CanAct(c, ReviewAction.TakeOver, Reviewer, Ties.None, "涉嫌优亲厚友").Rule);
        Assert.Equal("Lanes.ReasonRequired", Workflow.CanAct(c, ReviewAction.TakeOver, Inspector, Ties.None, "").Rule);
        Assert.Equal("Review.Conflict", Workflow.CanAct(c, ReviewAction.TakeOver, Inspector, new Ties(true, false, false), "涉嫌优亲厚友").Rule);
        var (result, move) = Workflow.Act(c, ReviewAction.TakeOver, Inspector, Ties.None, " 涉嫌优亲厚友 ", null, Now);

        Assert.True(result.IsAllowed);
        Assert.Equal((CaseLane.Misconduct, ReviewQueue.DisciplineInspection, District, Inspector.UserName, ObjectionState.Admissible),
            (move!.Change.Lane, move.Change.Queue, move.Change.QueueRegionCode, move.Change.AssignedTo, move.Change.State));
        Assert.Equal([new NewObjectionEvent(ObjectionEventKind.StateChanged, ObjectionState.Admissible, TimelineText.LaneOf(CaseLane.Misconduct), Inspector.UserName),
            new NewObjectionEvent(ObjectionEventKind.InternalNote, Text: "涉嫌优亲厚友", Actor: Inspector.UserName)], move.Events);
        Assert.Equal("ObjectionTakeOver", move.Audit.Kind);
        Assert.Equal("涉嫌优亲厚友", move.Audit.Data.GetType().GetProperty("reason")!.GetValue(move.Audit.Data));
        Assert.Equal("Review.NotAllowedInState", Workflow.CanAct(Misconduct(ObjectionState.Received), ReviewAction.TakeOver, Inspector, Ties.None, "x").Rule);
    }

    [Theory]
    // A village publicity's case goes to its township, a district notice's to the district, unassigned.
    [InlineData(Guihua, ReviewQueue.Township, Yuxi)]
    [InlineData(District, ReviewQueue.District, District)]
    public void HandOver_SendsAMisconductCaseToTheAdministrativeLaneOfTheAnnouncementsRegion(string announcementRegion, ReviewQueue queue, string region)
    {
        var c = Misconduct(ObjectionState.Received) with { AssignedTo = Inspector.UserName };

        var (result, move) = Workflow.Act(c, ReviewAction.HandOver, Inspector, Ties.None, "属于行政管理问题", null, Now, announcementRegion: announcementRegion);

        Assert.True(result.IsAllowed);
        Assert.Equal((CaseLane.Administrative, queue, region, (string?)null, ObjectionState.Received),
            (move!.Change.Lane, move.Change.Queue, move.Change.QueueRegionCode, move.Change.AssignedTo, move.Change.State));
        Assert.True(move.ThenRouteIfStranded);
        Assert.Equal("ObjectionHandOver", move.Audit.Kind);
    }

    [Fact]
    public void Appeal_ReviewOfficeReply_IsFinal_AndAMisconductCaseIsNotAppealed()
    {
        var replied = Now.AddHours(-1);
        var reviewOffice = Administrative(ObjectionState.Replied, ReviewQueue.ReviewOffice) with { RepliedUtc = replied };
        var misconduct = Misconduct(ObjectionState.Closed) with { RepliedUtc = replied };
        var district = Administrative(ObjectionState.Replied, ReviewQueue.District) with { RepliedUtc = replied };

        Assert.Equal("Lanes.Final", Workflow.Appeal(Calendar2026, reviewOffice, "我对复核答复仍然不服，请再次复核。", Now).Result.Rule);
        Assert.Equal("Lanes.MisconductNotAppealed", Workflow.Appeal(Calendar2026, misconduct, "我对处理结果不服，请上级复核。", Now).Result.Rule);
        Assert.False(Workflow.CanAppeal(Calendar2026, reviewOffice, Now));
        Assert.True(Workflow.ShouldClose(Calendar2026, reviewOffice, Now));
        Assert.True(LaneTracking.IsFinal(reviewOffice));
        var move = Workflow.Appeal(Calendar2026, district, "我对区级答复不服，请复核机构复核。", Now).Move!;
        Assert.Equal((ReviewQueue.ReviewOffice, District), (move.Change.Queue, move.Change.QueueRegionCode));
        Assert.False(LaneTracking.IsFinal(district));
    }

    [Fact]
    public void ReviewOffice_IsWorkedByReviewOfficersOnly_NeverByTheInspector()
    {
        var c = Administrative(ObjectionState.Escalated, ReviewQueue.ReviewOffice);

        Assert.True(Workflow.CanAct(c, ReviewAction.Investigate, Officer, Ties.None).IsAllowed);
        Assert.Equal("Review.NotYourQueue", Workflow.CanAct(c, ReviewAction.Investigate, Inspector, Ties.None).Rule);
        Assert.Equal("Review.NotYourQueue", Workflow.CanAct(Administrative(ObjectionState.Escalated, ReviewQueue.District), ReviewAction.Investigate, Officer, Ties.None).Rule);
        Assert.Equal(ReviewQueue.ReviewOffice, CaseAuthority.QueueOf(StaffRole.ReviewOfficer));
    }

    [Fact]
    public void Deadlines_Administrative_Defaults_CountTheMakeUpSundayAndSkipNationalDay()
    {
        // Received Saturday 2026-09-19 10:00 Beijing. 5 working days: the 调休 Sunday 09-20, then 09-21 … 09-24 (weekends
        // only would end on Friday 09-25, itself 中秋). 15 working days skip 中秋 (09-25 … 09-27) and 国庆 (10-01 … 10-07)
        // and count the 调休 Saturday 10-10: the reply is due Thursday 10-15.
        var c = Administrative(ObjectionState.Received) with { ReceivedUtc = new DateTime(2026, 9, 19, 2, 0, 0, DateTimeKind.Utc) };

        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 9, 24), new DateOnly(2026, 10, 15)), Workflow.Deadlines(Calendar2026, c));
        Assert.False(Workflow.IsOverdue(Calendar2026, c, DateTimeOffset.Parse("2026-09-24T15:59:59Z")));
        Assert.True(Workflow.IsOverdue(Calendar2026, c, DateTimeOffset.Parse("2026-09-24T16:00:00Z")));
        Assert.False(Workflow.IsOverdue(Calendar2026, c with { State = ObjectionState.UnderInvestigation }, DateTimeOffset.Parse("2026-10-15T15:59:59Z")));
        Assert.True(Workflow.IsOverdue(Calendar2026, c with { State = ObjectionState.UnderInvestigation }, DateTimeOffset.Parse("2026-10-15T16:00:00Z")));
    }

    [Fact]
    public void Appeal_TheAnswerIsDueFromTheAppeal_NotFromTheReceipt()
    {
        // Received 2026-09-19, replied by the township on 10-12, appealed on Tuesday 2026-11-03 10:00 Beijing: the district
        // has 15 working days from the appeal (11-04 … 11-24), so the escalated case is not late at once.
        var replied = Administrative(ObjectionState.Replied) with
        {
            ReceivedUtc = new DateTime(2026, 9, 19, 2, 0, 0, DateTimeKind.Utc), RepliedUtc = new DateTime(2026, 10, 12, 2, 0, 0, DateTimeKind.Utc),
        };
        var appealedAt = DateTimeOffset.Parse("2026-11-03T02:00:00Z");
        var (result, move) = Workflow.Appeal(Calendar2026, replied, "答复没有说明为什么不成立，请区里复查。我家的情况村里都清楚。", appealedAt);
        Assert.True(result.IsAllowed, result.Rule);
        Assert.Equal(appealedAt.UtcDateTime, move!.Change.AppealedUtc);

        var escalated = replied with { State = ObjectionState.Escalated, Queue = ReviewQueue.District, QueueRegionCode = District, AppealedUtc = appealedAt.UtcDateTime };
        Assert.Equal(new DateOnly(2026, 11, 24), Workflow.Deadlines(Calendar2026, escalated).Reply);
        Assert.False(Workflow.IsOverdue(Calendar2026, escalated, appealedAt.AddHours(1)));
        Assert.True(Workflow.IsOverdue(Calendar2026, escalated, DateTimeOffset.Parse("2026-11-24T16:00:00Z")));
    }

    [Fact]
    public void Deadlines_Misconduct_AcceptIn5_TellOfAcceptanceIn15_AndOfTheResult15AfterClosing()
    {
        // Received Wednesday 2026-09-30: 国庆 passes, 10-08, 10-09, the 调休 Saturday 10-10, 10-12 and 10-13 are the 5 days;
        // the acceptance notice is due 10-27. Closed Friday 10-09: the result notice is due Thursday 10-29.
        var received = new DateTime(2026, 9, 30, 2, 0, 0, DateTimeKind.Utc);
        var c = Misconduct(ObjectionState.Received) with { ReceivedUtc = received };
        var closed = c with { State = ObjectionState.Closed, Disposition = Disposition.Concluded, ClosedUtc = new DateTime(2026, 10, 9, 2, 0, 0, DateTimeKind.Utc) };

        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 10, 13), null, new DateOnly(2026, 10, 27)), Workflow.Deadlines(Calendar2026, c));
        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 10, 13), new DateOnly(2026, 10, 29), new DateOnly(2026, 10, 27), new DateOnly(2026, 10, 29)),
            Workflow.Deadlines(Calendar2026, closed));
        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 10, 13), null), Workflow.Deadlines(Calendar2026, closed with { Anonymous = true }));

        // The workbench's flags: both notices owed once closed; overdue after their day, gone once given.
        var late = DateTimeOffset.Parse("2026-10-29T16:00:00Z");
        Assert.Equal([new NoticeDue(ReviewAction.TellAccepted, new DateOnly(2026, 10, 27), true), new NoticeDue(ReviewAction.TellResult, new DateOnly(2026, 10, 29), true)],
            Workflow.NoticesDue(Calendar2026, closed, late));
        Assert.Equal([new NoticeDue(ReviewAction.TellResult, new DateOnly(2026, 10, 29), false)],
            Workflow.NoticesDue(Calendar2026, closed with { AcceptanceToldUtc = received }, late.AddSeconds(-1)));
        Assert.True(Workflow.IsOverdue(Calendar2026, closed with { AcceptanceToldUtc = received }, late));
        Assert.False(Workflow.IsOverdue(Calendar2026, closed with { AcceptanceToldUtc = received, ResultToldUtc = received }, late));
        Assert.Empty(Workflow.NoticesDue(Calendar2026, closed with { Anonymous = true }, late));
        Assert.True(Workflow.IsOverdue(Calendar2026, c, DateTimeOffset.Parse("2026-10-13T16:00:00Z")));
    }
}
