using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;

namespace Portal.Tests.Features.Review;

// Two people to reveal a complainant: who may ask, who may decide, who may look, and for how long.
public sealed class IdentityRevealRulesTests
{
    private const string District = "511903000000";
    private const string Village = "511903100001";
    private static readonly StaffActor Asker = new(4, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(District));
    private static readonly StaffActor Second = new(9, "inspector2", StaffRole.DisciplineInspector, RegionScope.Of(District));
    private static readonly StaffActor OtherDistrict = new(10, "other.inspector", StaffRole.DisciplineInspector, RegionScope.Of("511902000000"));
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of("511903100000"));
    private static readonly StaffActor Admin = new(5, "admin", StaffRole.Administrator, RegionScope.Of(District));
    private static readonly DateTime Now = new(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc);

    private static readonly ObjectionRow Named = new()
    {
        Id = 1, CaseNumber = "恩阳-2026-000001", State = ObjectionState.Received, Queue = ReviewQueue.DisciplineInspection, QueueRegionCode = District,
        Lane = CaseLane.Misconduct, Anonymous = false, HouseholdId = 7, ReceivedUtc = Now.AddDays(-1),
    };

    private static RevealRequest Pending(string asker = "inspector") => new()
    {
        Id = 1, ObjectionId = 1, Asker = asker, Reason = "需要联系反映人核实", AskedUtc = Now.AddHours(-1), State = RevealState.Pending,
    };

    private static RevealRequest Approved(DateTime expires) => Pending() with
    {
        State = RevealState.Approved, Decider = "inspector2", DecisionReason = "理由充分", DecidedUtc = expires.AddHours(-24), ExpiresUtc = expires,
    };

    private static readonly IdentityRevealRules Rules = new(new ReviewOptions());

    [Fact]
    public void Ask_ByAnInspectorOfTheScope_OnANamedCase_IsAllowed()
    {
        Assert.True(IdentityRevealRules.MayAsk(Asker, Named, Village, Ties.None, [], Now).IsAllowed);
    }

    [Fact]
    public void Ask_ByAnyoneButAnInspector_IsRefused()
    {
        Assert.All([Reviewer, Admin], a => Assert.Equal("Review.OnlyInspectorsReveal", IdentityRevealRules.MayAsk(a, Named, Village, Ties.None, [], Now).Rule));
    }

    [Fact]
    public void Ask_ByAnInspectorOutsideTheCasesRegion_IsRefused()
    {
        Assert.Equal("Review.NotFound", IdentityRevealRules.MayAsk(OtherDistrict, Named, Village, Ties.None, [], Now).Rule);
    }

    [Fact]
    public void Ask_OnAnAnonymousObjection_IsRefusedSayingItHasNoIdentity()
    {
        Assert.Equal("Reveal.Anonymous", IdentityRevealRules.MayAsk(Asker, Named with { Anonymous = true }, Village, Ties.None, [], Now).Rule);
    }

    [Theory]
    [InlineData(true, false, false, "Review.Conflict")]
    [InlineData(false, true, false, "Review.Recused")]
    [InlineData(false, false, true, "Review.HomeVillage")]
    public void AskDecideAndView_ByATiedInspector_AreRefusedWithTheTie(bool conflict, bool recused, bool home, string rule)
    {
        var ties = new Ties(conflict, recused, home);

        Assert.Equal(rule, IdentityRevealRules.MayAsk(Asker, Named, Village, ties, [], Now).Rule);
        Assert.Equal(rule, IdentityRevealRules.MayDecide(Second, Named, Village, ties, Pending()).Rule);
        Assert.Equal(rule, IdentityRevealRules.MayView(Asker, Named, Village, ties, Approved(Now.AddHours(1)), Now).Rule);
    }

    [Fact]
    public void Ask_WhileTheirRequestWaits_OrTheirApprovalIsOpen_IsRefused_ButAnotherInspectorMayAsk()
    {
        Assert.Equal("Reveal.AlreadyPending", IdentityRevealRules.MayAsk(Asker, Named, Village, Ties.None, [Pending()], Now).Rule);
        Assert.Equal("Reveal.AlreadyApproved", IdentityRevealRules.MayAsk(Asker, Named, Village, Ties.None, [Approved(Now.AddHours(1))], Now).Rule);
        Assert.True(IdentityRevealRules.MayAsk(Second, Named, Village, Ties.None, [Pending()], Now).IsAllowed);
    }

    [Fact]
    public void Ask_AfterARefusalOrAnExpiredApproval_IsAllowedAgain()
    {
        var refused = Pending() with { State = RevealState.Refused, Decider = "inspector2", DecisionReason = "理由不足" };

        Assert.True(IdentityRevealRules.MayAsk(Asker, Named, Village, Ties.None, [refused], Now).IsAllowed);
        Assert.True(IdentityRevealRules.MayAsk(Asker, Named, Village, Ties.None, [Approved(Now)], Now).IsAllowed);
    }

    [Fact]
    public void Decide_ByTheAsker_IsRefused_BySecondInspector_IsAllowed()
    {
        Assert.Equal("Reveal.OwnRequest", IdentityRevealRules.MayDecide(Asker, Named, Village, Ties.None, Pending()).Rule);
        Assert.True(IdentityRevealRules.MayDecide(Second, Named, Village, Ties.None, Pending()).IsAllowed);
    }

    [Fact]
    public void Decide_ANonInspectorOrADecidedRequest_IsRefused()
    {
        Assert.Equal("Review.OnlyInspectorsReveal", IdentityRevealRules.MayDecide(Reviewer, Named, Village, Ties.None, Pending()).Rule);
        Assert.Equal("Reveal.AlreadyDecided", IdentityRevealRules.MayDecide(Second, Named, Village, Ties.None, Approved(Now.AddHours(1)) with { Asker = "someone" }).Rule);
    }

    [Fact]
    public void View_OnlyTheAsker_OnlyAfterApproval_OnlyBeforeItExpires()
    {
        Assert.Equal("Reveal.NotApproved", IdentityRevealRules.MayView(Asker, Named, Village, Ties.None, null, Now).Rule);
        Assert.Equal("Reveal.Pending", IdentityRevealRules.MayView(Asker, Named, Village, Ties.None, Pending(), Now).Rule);
        Assert.Equal("Reveal.Refused", IdentityRevealRules.MayView(Asker, Named, Village, Ties.None, Pending() with { State = RevealState.Refused }, Now).Rule);
        Assert.True(IdentityRevealRules.MayView(Asker, Named, Village, Ties.None, Approved(Now.AddSeconds(1)), Now).IsAllowed);
        Assert.Equal("Reveal.Expired", IdentityRevealRules.MayView(Asker, Named, Village, Ties.None, Approved(Now), Now).Rule);
        // The approver learns nothing by approving.
        Assert.Equal("Reveal.NotApproved", IdentityRevealRules.MayView(Second, Named, Village, Ties.None, Approved(Now.AddHours(1)), Now).Rule);
    }

    [Fact]
    public void Expiry_IsTheConfiguredHoursAfterTheApproval_TwentyFourByDefault()
    {
        Assert.Equal(Now.AddHours(24), Rules.ExpiresAt(Now));
        Assert.Equal(Now.AddHours(2), new IdentityRevealRules(new ReviewOptions { IdentityRevealHours = 2 }).ExpiresAt(Now));
    }

    [Theory]
    [InlineData(null, "Reveal.ReasonRequired")]
    [InlineData("   ", "Reveal.ReasonRequired")]
    [InlineData("核实", "Reveal.ReasonTooShort")]
    [InlineData("需要\u0007核实线索", "Reveal.ReasonControl")]
    public void Reason_BlankShortOrWithControlCharacters_IsRefusedNamingTheField(string? reason, string rule)
    {
        var result = IdentityRevealRules.CheckReason(reason);

        Assert.Equal(rule, result.Rule);
        Assert.Equal("reason", result.Field);
    }

    [Fact]
    public void Reason_FromFourTo500Characters_IsAllowed_501IsRefused()
    {
        Assert.True(IdentityRevealRules.CheckReason("需要核实").IsAllowed);
        Assert.True(IdentityRevealRules.CheckReason(new string('查', 500)).IsAllowed);
        Assert.True(IdentityRevealRules.CheckReason("第一行理由\n第二行理由").IsAllowed);
        Assert.Equal("Reveal.ReasonTooLong", IdentityRevealRules.CheckReason(new string('查', 501)).Rule);
    }
}
