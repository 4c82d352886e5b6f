using Portal.Features.Objections;
using Portal.Features.Review;

namespace Portal.Tests.Features.Review;

// The follow-up questions' rules: offered only once the case has its reply, once; one answer at least; "not resolved"
// in the appeal window is an appeal and needs its reason, outside it is only recorded.
public sealed class FollowUpRulesTests
{
    [Theory]
    [InlineData(ObjectionState.Received, false)]
    [InlineData(ObjectionState.Admissible, false)]
    [InlineData(ObjectionState.UnderInvestigation, false)]
    [InlineData(ObjectionState.Decided, false)]
    [InlineData(ObjectionState.Appealed, false)]
    [InlineData(ObjectionState.Escalated, false)]
    [InlineData(ObjectionState.Replied, true)]
    [InlineData(ObjectionState.Inadmissible, true)]
    [InlineData(ObjectionState.Closed, true)]
    public void IsOffered_OnlyOnceTheCaseHasItsReply(ObjectionState state, bool offered)
    {
        Assert.Equal(offered, FollowUpRules.IsOffered(state, answered: false));
        Assert.False(FollowUpRules.IsOffered(state, answered: true));
        Assert.Equal(offered, FollowUpRules.Check(state, true, true, appealOpen: false, null).IsAllowed);
    }

    [Fact]
    public void Check_BeforeTheReply_IsRefusedNamingTheReceipt()
    {
        var refused = FollowUpRules.Check(ObjectionState.UnderInvestigation, true, true, appealOpen: false, null);

        Assert.Equal(("FollowUp.NotReplied", "receipt"), (refused.Rule, refused.Field));
    }

    [Fact]
    public void Check_NeitherQuestionAnswered_IsRefusedNamingResolved()
    {
        var refused = FollowUpRules.Check(ObjectionState.Replied, null, null, appealOpen: true, null);

        Assert.Equal(("FollowUp.NothingAnswered", "resolved"), (refused.Rule, refused.Field));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(null, false)]
    [InlineData(true, false)]
    public void Check_EitherQuestionAlone_IsEnough(bool? resolved, bool? satisfied) =>
        Assert.True(FollowUpRules.Check(ObjectionState.Replied, resolved, satisfied, appealOpen: true, null).IsAllowed);

    [Fact]
    public void Check_NotResolvedInTheAppealWindow_AsksForTheAppealReason()
    {
        var refused = FollowUpRules.Check(ObjectionState.Replied, false, null, appealOpen: true, "太短");

        Assert.Equal(("Review.AppealReasonRequired", "appealText"), (refused.Rule, refused.Field));
        Assert.True(FollowUpRules.Check(ObjectionState.Replied, false, null, appealOpen: true, "答复说该户符合条件，但他家在城里有商品房，请上级复核。").IsAllowed);
        Assert.True(FollowUpRules.OpensAppeal(false, appealOpen: true));
    }

    [Fact]
    public void Check_NotResolvedAfterTheAppealWindow_IsRecordedWithoutAReason()
    {
        Assert.True(FollowUpRules.Check(ObjectionState.Closed, false, null, appealOpen: false, null).IsAllowed);
        Assert.False(FollowUpRules.OpensAppeal(false, appealOpen: false));
        Assert.False(FollowUpRules.OpensAppeal(true, appealOpen: true));
        Assert.False(FollowUpRules.OpensAppeal(null, appealOpen: true));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData(" YES ", true)]
    [InlineData("no", false)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Read_YesNoOrNothing(string? value, bool? expected)
    {
        var (answer, problem) = FollowUpRules.Read("resolved", value);

        Assert.Equal(expected, answer);
        Assert.Null(problem);
    }

    [Fact]
    public void Read_AnythingElse_IsRefusedNamingTheField()
    {
        var (_, problem) = FollowUpRules.Read("satisfied", "maybe");

        Assert.Equal(("FollowUp.BadChoice", "satisfied"), (problem!.Rule, problem.Field));
    }
}
