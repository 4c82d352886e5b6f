using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Review;

namespace Portal.Features.Demo;

// The demo district's reply templates, entered by its administrator through the real store. Not shipped in a
// migration: a district writes its own (its contact points, its review office), so a new portal starts with none.
public sealed class DemoReplyTemplates(ReplyTemplates templates)
{
    private const string Appeal = "如对本答复不服，可在收到答复后{申诉期限}内，凭受理回执在本网站“查询进度”页面提出申诉，也可到乡镇便民服务中心请工作人员帮助办理。";

    public static IReadOnlyList<ReplyTemplateDraft> All { get; } =
    [
        new(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld, "不符合条件被纳入：异议成立",
            "您好！您对“{公示标题}”提出的异议（案件编号 {案件编号}）我们已调查核实，情况属实，异议成立。该户已从公示名单中撤下，不再纳入。感谢您对这项工作的监督和支持。"),
        new(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.NotUpheld, "不符合条件被纳入：异议不成立",
            "您好！您对“{公示标题}”提出的异议（案件编号 {案件编号}）我们已入户调查核实。经核实，该户符合纳入条件，理由是：（请写明核实到的情况）。因此异议不成立，该户继续保留在名单中。" + Appeal),
        new(CaseLane.Administrative, ObjectionCategory.WronglyExcluded, ReplyTemplateOutcome.Upheld, "符合条件未纳入：异议成立",
            "您好！您反映的情况（案件编号 {案件编号}）我们已调查核实，该户符合条件。我们已将该户列入下一轮评议，评议时会通知本人。感谢您的反映。"),
        new(CaseLane.Administrative, ObjectionCategory.InaccurateInformation, ReplyTemplateOutcome.Upheld, "信息不实：异议成立",
            "您好！您指出的“{公示标题}”中的信息错误（案件编号 {案件编号}）我们已核实，确有错误，将更正后重新公示。感谢您帮助我们把信息弄准确。"),
        new(CaseLane.Administrative, null, ReplyTemplateOutcome.NotUpheld, "通用：异议不成立",
            "您好！您提出的异议（案件编号 {案件编号}）我们已认真调查核实。经核实：（请写明核实到的情况和依据）。因此异议不成立。" + Appeal),
        new(CaseLane.Administrative, null, ReplyTemplateOutcome.Inadmissible, "通用：不予受理",
            "您好！您提交的异议（案件编号 {案件编号}）暂不能受理，原因是：（请写明原因，例如已超过公示期、未说明具体对象或事实）。如情况有变化或能补充具体事实，欢迎重新提出。" + Appeal),
        new(CaseLane.Misconduct, null, ReplyTemplateOutcome.Upheld, "纪检：反映问题属实",
            "您好！您反映的问题（案件编号 {案件编号}）经纪检监察机关核查，问题属实，已依规依纪处理，相关名单已予纠正。感谢您的监督。"),
        new(CaseLane.Misconduct, null, ReplyTemplateOutcome.NotUpheld, "纪检：反映问题不属实",
            "您好！您反映的问题（案件编号 {案件编号}）经纪检监察机关核查，未发现违纪违规问题，情况是：（请写明核查结论）。如有新的具体线索，欢迎继续反映。感谢您的监督。"),
    ];

    public async Task SeedAsync(IReadOnlyDictionary<string, StaffActor> staff, CancellationToken ct = default)
    {
        foreach (var draft in All)
        {
            var (result, _) = await templates.CreateAsync(draft, staff["admin"], ct);
            if (!result.IsAllowed) throw new InvalidOperationException($"Demo reply template \"{draft.Title}\" refused: {result.Rule}");
        }
    }
}
