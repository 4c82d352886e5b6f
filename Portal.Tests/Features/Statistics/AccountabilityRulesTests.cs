using Portal.Tests.TestInfrastructure;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Statistics;

namespace Portal.Tests.Features.Statistics;

// Each column of the accountability panel, on cases made up here, over the 2026 working-day calendar.
public sealed class AccountabilityRulesTests
{
    private static readonly WorkingDays Calendar = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly ReviewWorkflow Workflow = new(LaneTestOptions.Administrative(3, 15, 7, PeriodUnit.CalendarDays));
    private static readonly PanelTownship Yuxi = new("511903100000", "玉溪镇", "Yuxi");
    private static readonly PanelTownship Other = new("511903101000", "金山镇", "Jinshan");

    // Wednesday 2026-09-30 10:00 Beijing, the day before the National Day holiday.
    private static readonly DateTime Received = new(2026, 9, 30, 2, 0, 0, DateTimeKind.Utc);

    private static DateTime Beijing(int month, int day, int hour = 10) => new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8)).UtcDateTime;

    private static ObjectionRow Case(long id, ObjectionState state = ObjectionState.Received, Outcome? outcome = null,
        ObjectionCategory category = ObjectionCategory.WronglyIncluded, long? entryId = 10, long? householdId = 20, DateTime? replied = null) => new()
    {
        Id = id, Category = category, Lane = Lanes.Of(category), State = state, Outcome = outcome?.ToString(), EntryId = entryId, HouseholdId = householdId,
        ReceivedUtc = Received, RepliedUtc = replied,
    };

    private static readonly IReadOnlyDictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>> NoAnswers =
        new Dictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>>();

    private static IReadOnlyList<AccountabilityRow> Aggregate(IEnumerable<ObjectionRow> cases, IReadOnlyDictionary<long, CaseExtensions>? extensions = null,
        IReadOnlyDictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>>? answers = null, DateTimeOffset? now = null) =>
        AccountabilityRules.Aggregate(Workflow, Calendar, now ?? new DateTimeOffset(Received), [Yuxi, Other],
            cases.Select(c => new PanelCase(Yuxi.Code, c)), extensions ?? new Dictionary<long, CaseExtensions>(), answers ?? NoAnswers);

    private static AccountabilityRow Row(IReadOnlyList<AccountabilityRow> rows, CaseLane lane, PanelTownship? township = null) =>
        rows.Single(r => r.TownshipCode == (township ?? Yuxi).Code && r.Lane == lane);

    [Theory]
    [InlineData(ObjectionState.Received, null, false)]
    [InlineData(ObjectionState.Inadmissible, null, false)]
    [InlineData(ObjectionState.Admissible, null, true)]
    [InlineData(ObjectionState.UnderInvestigation, null, true)]
    [InlineData(ObjectionState.Decided, Outcome.NotUpheld, true)]
    [InlineData(ObjectionState.Replied, Outcome.Upheld, true)]
    [InlineData(ObjectionState.Escalated, Outcome.NotUpheld, true)]
    [InlineData(ObjectionState.Closed, Outcome.PartiallyUpheld, true)]
    // Refused, then closed when the appeal window passed: never accepted.
    [InlineData(ObjectionState.Closed, null, false)]
    public void Accepted_IsPastTheAcceptanceDecision(ObjectionState state, Outcome? outcome, bool accepted) =>
        Assert.Equal(accepted, AccountabilityRules.Accepted(Case(1, state, outcome)));

    [Theory]
    [InlineData(Outcome.Upheld, true)]
    [InlineData(Outcome.PartiallyUpheld, true)]
    [InlineData(Outcome.NotUpheld, false)]
    [InlineData(null, false)]
    public void Upheld_IsUpheldOrPartiallyUpheld(Outcome? outcome, bool upheld) =>
        Assert.Equal(upheld, AccountabilityRules.Upheld(Case(1, ObjectionState.Replied, outcome)));

    [Theory]
    // Withdrawn, or marked for correction: the entry effects of an upheld case.
    [InlineData(ObjectionCategory.WronglyIncluded, Outcome.Upheld, true, true)]
    [InlineData(ObjectionCategory.FalseExit, Outcome.Upheld, true, true)]
    [InlineData(ObjectionCategory.InaccurateInformation, Outcome.Upheld, true, true)]
    // Upheld but the effect is on a household, or there is no entry, or it is no entry category at all.
    [InlineData(ObjectionCategory.WronglyExcluded, Outcome.Upheld, true, false)]
    [InlineData(ObjectionCategory.WronglyIncluded, Outcome.Upheld, false, false)]
    [InlineData(ObjectionCategory.Favouritism, Outcome.Upheld, true, false)]
    // Not upheld (or only in part, which changes no entry): no effect.
    [InlineData(ObjectionCategory.WronglyIncluded, Outcome.PartiallyUpheld, true, false)]
    [InlineData(ObjectionCategory.WronglyIncluded, Outcome.NotUpheld, true, false)]
    public void EntryCorrectedOrWithdrawn_OnlyAnUpheldCaseWithAnEntryEffect(ObjectionCategory category, Outcome outcome, bool hasEntry, bool counted) =>
        Assert.Equal(counted, AccountabilityRules.EntryCorrectedOrWithdrawn(Case(1, ObjectionState.Replied, outcome, category, hasEntry ? 10 : null)));

    [Theory]
    // The receipt day does not count.
    [InlineData(9, 30, 0)]
    // 10-01 to 10-07 are the National Day holiday: Thursday 10-08 is the first working day after the receipt.
    [InlineData(10, 7, 0)]
    [InlineData(10, 8, 1)]
    [InlineData(10, 9, 2)]
    // Saturday 10-10 is worked (调休), Sunday 10-11 is not.
    [InlineData(10, 10, 3)]
    [InlineData(10, 11, 3)]
    [InlineData(10, 12, 4)]
    public void WorkingDaysToReply_AcrossNationalDay2026AndTheMakeUpSaturday(int month, int day, int expected) =>
        Assert.Equal(expected, AccountabilityRules.WorkingDaysToReply(Calendar, Case(1, ObjectionState.Replied, replied: Beijing(month, day))));

    [Fact]
    public void WorkingDaysToReply_ReadsBeijingDates_AndIsNullBeforeTheReply()
    {
        // 10-09 23:30 Beijing is still 10-09 (15:30 UTC), 10-10 00:30 is the 调休 Saturday.
        Assert.Equal(2, AccountabilityRules.WorkingDaysToReply(Calendar, Case(1, replied: Beijing(10, 9, 23).AddMinutes(30))));
        Assert.Equal(3, AccountabilityRules.WorkingDaysToReply(Calendar, Case(1, replied: Beijing(10, 10, 0).AddMinutes(30))));
        Assert.Null(AccountabilityRules.WorkingDaysToReply(Calendar, Case(1)));
    }

    [Fact]
    public void Aggregate_MedianWorkingDaysToReply_OverTheRepliedCasesOfTheRow()
    {
        var rows = Aggregate([
            Case(1, ObjectionState.Replied, Outcome.NotUpheld, replied: Beijing(10, 8)),
            Case(2, ObjectionState.Inadmissible, replied: Beijing(10, 10)),
            Case(3, ObjectionState.Closed, Outcome.Upheld, replied: Beijing(10, 12)),
            Case(4, ObjectionState.UnderInvestigation)]);

        Assert.Equal(3, Row(rows, CaseLane.Administrative).MedianWorkingDaysToReply);
        Assert.Null(Row(rows, CaseLane.Misconduct).MedianWorkingDaysToReply);
    }

    [Fact]
    public void Aggregate_AMisconductAndAnAdministrativeCaseInOneTownship_LandInTwoRows()
    {
        var rows = Aggregate([Case(1, category: ObjectionCategory.WronglyIncluded), Case(2, ObjectionState.Admissible, category: ObjectionCategory.Favouritism),
            Case(3, category: ObjectionCategory.MisuseOfFunds)]);

        Assert.Equal((1, 0), (Row(rows, CaseLane.Administrative).Received, Row(rows, CaseLane.Administrative).Accepted));
        Assert.Equal((2, 1), (Row(rows, CaseLane.Misconduct).Received, Row(rows, CaseLane.Misconduct).Accepted));
    }

    [Fact]
    public void Aggregate_EveryTownshipHasARowPerLane_ZerosWhereNothingCameIn()
    {
        var rows = Aggregate([Case(1)]);

        Assert.Equal([(Yuxi.Code, CaseLane.Administrative), (Yuxi.Code, CaseLane.Misconduct), (Other.Code, CaseLane.Administrative), (Other.Code, CaseLane.Misconduct)],
            rows.Select(r => (r.TownshipCode, r.Lane)));
        Assert.Equal(new AccountabilityRow(Other.Code, Other.Name, Other.NameEn, CaseLane.Misconduct, 0, 0, 0, 0, 0, 0, null, 0, null),
            Row(rows, CaseLane.Misconduct, Other));
    }

    [Fact]
    public void Aggregate_CountsEachColumnByItsRule()
    {
        var rows = Aggregate([
            Case(1, ObjectionState.Replied, Outcome.Upheld, replied: Beijing(10, 8)),
            Case(2, ObjectionState.Replied, Outcome.PartiallyUpheld, replied: Beijing(10, 8)),
            Case(3, ObjectionState.Closed, Outcome.Upheld, ObjectionCategory.WronglyExcluded, replied: Beijing(10, 8)),
            Case(4, ObjectionState.Inadmissible, replied: Beijing(9, 30))]);
        var row = Row(rows, CaseLane.Administrative);

        Assert.Equal((4, 3, 3, 1), (row.Received, row.Accepted, row.Upheld, row.EntriesCorrectedOrWithdrawn));
    }

    // Overdue by the deadlines as extended (the call ObjectionStatistics makes); extended: at least one extension.
    [Fact]
    public void Aggregate_OverdueReadsTheExtendedDates_ExtendedCountsCasesWithAnExtension()
    {
        // 10-20: the acceptance (3 days, 10-03) and reply (15 days, 10-15) deadlines of a case received 09-30 have passed.
        var now = new DateTimeOffset(Beijing(10, 20));
        DeadlineExtension Extension(long id, CaseDeadline deadline, int month, int day) => new()
        {
            ObjectionId = id, Deadline = deadline, ExtendedTo = new DateOnly(2026, month, day), Reason = "需要补充走访", Actor = "yuxi.reviewer",
        };
        var extensions = new Dictionary<long, CaseExtensions>
        {
            [1] = new([Extension(1, CaseDeadline.Acceptance, 10, 22), Extension(1, CaseDeadline.Reply, 10, 30)]),
            // Only the acceptance extended: the reply deadline has still passed.
            [2] = new([Extension(2, CaseDeadline.Acceptance, 10, 22)]),
        };

        var row = Row(Aggregate([Case(1), Case(2), Case(3), Case(4, ObjectionState.Replied, Outcome.NotUpheld, replied: Beijing(10, 9))], extensions, now: now),
            CaseLane.Administrative);

        Assert.Equal((2, 2), (row.Overdue, row.Extended));
    }

    // The small-sample rule of FollowUpRates, per lane: 9 answers publish no satisfaction, 10 do.
    [Fact]
    public void Aggregate_Satisfaction_NullAtNineAnswers_ARateAtTen()
    {
        static TownshipFollowUp Answers(int satisfied, int not) =>
            FollowUpRates.Of(Enumerable.Repeat(((bool?)true, (bool?)true), satisfied).Concat(Enumerable.Repeat(((bool?)true, (bool?)false), not)));
        var answers = new Dictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>>
        {
            [CaseLane.Administrative] = new Dictionary<string, TownshipFollowUp> { [Yuxi.Code] = Answers(8, 1) },
            [CaseLane.Misconduct] = new Dictionary<string, TownshipFollowUp> { [Yuxi.Code] = Answers(8, 2) },
        };

        var rows = Aggregate([], answers: answers);

        Assert.Equal((9, (double?)null), (Row(rows, CaseLane.Administrative).SatisfactionAnswers, Row(rows, CaseLane.Administrative).Satisfaction));
        Assert.Equal((10, (double?)0.8), (Row(rows, CaseLane.Misconduct).SatisfactionAnswers, Row(rows, CaseLane.Misconduct).Satisfaction));
        Assert.Equal((0, (double?)null), (Row(rows, CaseLane.Misconduct, Other).SatisfactionAnswers, Row(rows, CaseLane.Misconduct, Other).Satisfaction));
    }
}
