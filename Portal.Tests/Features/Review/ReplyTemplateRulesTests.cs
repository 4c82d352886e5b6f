using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;

namespace Portal.Tests.Features.Review;

// What a reply template must be, who may keep one, which a reviewer is offered, and how its placeholders fill in.
public sealed class ReplyTemplateRulesTests
{
    private static readonly ReplyTemplateDraft Good = new(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld,
        "异议成立", "您好！案件 {案件编号} 已核实，异议成立。");

    public static TheoryData<string, string, string> Refusals => new()
    {
        // name of the case, field, rule
        { "no lane", "lane", "ReplyTemplates.LaneRequired" },
        { "undefined lane", "lane", "ReplyTemplates.LaneRequired" },
        { "undefined category", "category", "ReplyTemplates.CategoryInvalid" },
        { "undefined outcome", "outcome", "ReplyTemplates.OutcomeInvalid" },
        { "no title", "title", "ReplyTemplates.TitleRequired" },
        { "blank title", "title", "ReplyTemplates.TitleRequired" },
        { "long title", "title", "ReplyTemplates.TitleTooLong" },
        { "two-line title", "title", "ReplyTemplates.TitleOneLine" },
        { "no body", "body", "ReplyTemplates.BodyRequired" },
        { "blank body", "body", "ReplyTemplates.BodyRequired" },
        { "long body", "body", "ReplyTemplates.BodyTooLong" },
        { "unknown placeholder", "body", "ReplyTemplates.UnknownPlaceholder" },
    };

    private static ReplyTemplateDraft Broken(string name) => name switch
    {
        "no lane" => Good with { Lane = null },
        "undefined lane" => Good with { Lane = (CaseLane)9 },
        "undefined category" => Good with { Category = (ObjectionCategory)99 },
        "undefined outcome" => Good with { Outcome = (ReplyTemplateOutcome)99 },
        "no title" => Good with { Title = null },
        "blank title" => Good with { Title = "   " },
        "long title" => Good with { Title = new string('题', ReplyTemplateRules.TitleLength + 1) },
        "two-line title" => Good with { Title = "异议\n成立" },
        "no body" => Good with { Body = null },
        "blank body" => Good with { Body = " \n " },
        "long body" => Good with { Body = new string('字', ReplyTemplateRules.BodyLength + 1) },
        "unknown placeholder" => Good with { Body = "您好！案件 {案件号} 已核实。" },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Check_BrokenDraft_IsRefusedNamingTheFieldAndRule(string name, string field, string rule)
    {
        var result = ReplyTemplateRules.Check(Broken(name));

        Assert.False(result.IsAllowed, name);
        Assert.Equal(field, result.Field);
        Assert.Equal(rule, result.Rule);
    }

    [Fact]
    public void Check_UnknownPlaceholder_NamesItAndTheKnownOnes()
    {
        var result = ReplyTemplateRules.Check(Good with { Body = "案件 {案件号}" });

        Assert.Equal("{案件号}", result.Args[0]);
        Assert.Contains("{案件编号}", (string)result.Args[1]);
    }

    [Fact]
    public void Check_GoodDraft_AnyCategoryAnyOutcomeAndLimitsExactly_IsAllowed()
    {
        Assert.True(ReplyTemplateRules.Check(Good).IsAllowed);
        Assert.True(ReplyTemplateRules.Check(Good with { Category = null, Outcome = null }).IsAllowed);
        Assert.True(ReplyTemplateRules.Check(Good with
        {
            Title = new string('题', ReplyTemplateRules.TitleLength),
            Body = " " + new string('字', ReplyTemplateRules.BodyLength) + " ",
        }).IsAllowed);
        Assert.True(ReplyTemplateRules.Check(Good with { Body = "{CaseNumber} {AnnouncementTitle} {AppealWindow} {公示标题} {申诉期限}" }).IsAllowed);
    }

    [Theory]
    [InlineData(StaffRole.VillageClerk)]
    [InlineData(StaffRole.TownshipReviewer)]
    [InlineData(StaffRole.DistrictReviewer)]
    [InlineData(StaffRole.DisciplineInspector)]
    public void CanEdit_AnyoneButAnAdministrator_IsRefused(StaffRole role)
    {
        var result = ReplyTemplateRules.CanEdit(new StaffActor(1, "someone", role, RegionScope.Of("511302000000")));

        Assert.Equal("ReplyTemplates.AdministratorsOnly", result.Rule);
        Assert.True(ReplyTemplateRules.CanEdit(new StaffActor(1, "admin", StaffRole.Administrator, RegionScope.Of("511302000000"))).IsAllowed);
    }

    private static ReplyTemplate T(CaseLane lane, ObjectionCategory? category, ReplyTemplateOutcome? outcome, bool active = true) =>
        new() { Lane = lane, Category = category, Outcome = outcome, Title = "t", Body = "b", Active = active };

    [Fact]
    public void Offers_Reply_OnlyActiveTemplatesOfTheLaneCategoryAndDecidedOutcome()
    {
        bool Offers(ReplyTemplate t) => ReplyTemplateRules.Offers(t, CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Reply, "NotUpheld");

        Assert.True(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.NotUpheld)));
        Assert.True(Offers(T(CaseLane.Administrative, null, ReplyTemplateOutcome.NotUpheld)));
        Assert.True(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, null)));
        Assert.False(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld)));
        Assert.False(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Inadmissible)));
        Assert.False(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyExcluded, ReplyTemplateOutcome.NotUpheld)));
        Assert.False(Offers(T(CaseLane.Misconduct, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.NotUpheld)));
        Assert.False(Offers(T(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.NotUpheld, active: false)));
    }

    [Fact]
    public void Offers_Reject_OnlyInadmissibleTemplates_AndNoOtherActionHasAny()
    {
        var inadmissible = T(CaseLane.Misconduct, null, ReplyTemplateOutcome.Inadmissible);

        Assert.True(ReplyTemplateRules.Offers(inadmissible, CaseLane.Misconduct, ObjectionCategory.Favouritism, ReviewAction.Reject, null));
        Assert.False(ReplyTemplateRules.Offers(T(CaseLane.Misconduct, null, null), CaseLane.Misconduct, ObjectionCategory.Favouritism, ReviewAction.Reject, null));
        Assert.False(ReplyTemplateRules.Offers(T(CaseLane.Misconduct, null, ReplyTemplateOutcome.Upheld), CaseLane.Misconduct, ObjectionCategory.Favouritism, ReviewAction.Reject, null));
        foreach (var action in Enum.GetValues<ReviewAction>().Except([ReviewAction.Reply, ReviewAction.Reject]))
        {
            Assert.False(ReplyTemplateRules.Offers(T(CaseLane.Misconduct, null, null), CaseLane.Misconduct, ObjectionCategory.Favouritism, action, null), action.ToString());
        }
    }

    [Fact]
    public void Fill_KnownPlaceholdersInEitherLanguage_AreFilledOnceAndOthersKept()
    {
        var values = new ReplyPlaceholders("YX-2026-0001", "鱼溪村{案件编号}公示", "7 日");

        var text = ReplyTemplateText.Fill("案件 {案件编号}/{CaseNumber}，公示“{公示标题}”，{申诉期限}/{AppealWindow}内可申诉。{其他} {AnnouncementTitle}", values);

        Assert.Equal("案件 YX-2026-0001/YX-2026-0001，公示“鱼溪村{案件编号}公示”，7 日/7 日内可申诉。{其他} 鱼溪村{案件编号}公示", text);
    }

    [Fact]
    public void Fill_NoPlaceholders_LeavesTheTextAsItIs()
    {
        Assert.Equal("您好！{ 不是占位符", ReplyTemplateText.Fill("您好！{ 不是占位符", new ReplyPlaceholders("a", "b", "c")));
    }
}
