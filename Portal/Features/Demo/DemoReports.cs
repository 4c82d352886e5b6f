using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Reports;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Demo;

// Year-round reports in every state, through the real store and rules, each step on a clock set back to its day. The
// receipts are fixed (DemoReceipt) so that the demo's tracking page can be shown; the demo never runs in Production.
public sealed class DemoReports(DbConnectionFactory db, HouseholdStore households, MonitoringStore monitoring, PersonalDataProtector protector,
    TimeProvider clock)
{
    public static string DemoReceipt(int n) => $"2026{n:000000000000}";

    public async Task SeedAsync(IReadOnlyDictionary<string, StaffActor> staff, CancellationToken ct = default)
    {
        var (yuxi, guanyinjing) = (DemoDistrict.Townships[0], DemoDistrict.Townships[1]);
        var yuxiReviewer = staff[$"{yuxi.Pinyin}.reviewer"];
        var guanyinjingReviewer = staff[$"{guanyinjing.Pinyin}.reviewer"];

        await AddAsync(1, yuxi.Villages[0].Code, ReportKind.AtRisk, "王德全", "户主上月在工地摔伤住院，医药费花了三万多，家里没有其他劳动力，今年收入明显减少。", 0, ct);
        // Not visited after five days: the visit clock has run out.
        await AddAsync(2, yuxi.Villages[1].Code, ReportKind.LeftOut, "李秀英", "老两口都七十多岁，儿子残疾，去年评议时没有被纳入，希望重新核实。", -5, ct);
        var visited = await AddAsync(3, yuxi.Villages[2].Code, ReportKind.SelfReport, "张国强", "家里的房子在暴雨中垮了一半，庄稼也被冲毁，现在借住在亲戚家。", -6, ct);
        await ActAsync(visited, -5, ReportAction.Visit, yuxiReviewer, "已入户，房屋受损属实，庄稼绝收约三亩。", ct);
        // Included: a real household of the village, its monitoring case opened with the report's day as the first clue (12
        // days ago, so 3 days are left on the 15-day clock). A district too small to have one leaves the report visited.
        var household = await UnmonitoredAsync(yuxi.Villages[0].Code, yuxiReviewer, ct);
        var included = await AddAsync(4, yuxi.Villages[0].Code, ReportKind.AtRisk, household?.HeadName ?? "陈桂芳",
            "丈夫患尿毒症需长期透析，孩子在读高中，家庭收入不足以支付医疗费用。", -12, ct);
        await ActAsync(included, -11, ReportAction.Visit, yuxiReviewer, "已入户，病情和支出属实。", ct);
        if (household is not null)
        {
            await ActAsync(included, -3, ReportAction.Include, yuxiReviewer, null, ct,
                new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "家庭成员患重病需长期透析，医疗支出大、收入不足"));
        }
        var refused = await AddAsync(5, yuxi.Villages[1].Code, ReportKind.LeftOut, "赵明", "听说这户没有被评上，但他们家条件也不好，希望再看看。", -10, ct);
        await ActAsync(refused, -9, ReportAction.Visit, yuxiReviewer, "已入户。", ct);
        await ActAsync(refused, -2, ReportAction.Refuse, yuxiReviewer,
            "经入户核实，该户两名子女在外务工，家庭年人均纯收入约 1.8 万元，有安全住房和医保，不存在返贫致贫风险，暂不纳入；如情况变化可随时再次反映。" +
            $"核实依据：户主身份证号 {PlantedNumbers.IdNumber} 名下银行卡 {PlantedNumbers.BankCard} 近一年务工收入流水；联系人电话 {PlantedNumbers.Mobile}。", ct);
        // Visited long ago and still undecided: the decision clock has run out.
        var late = await AddAsync(6, guanyinjing.Villages[0].Code, ReportKind.AtRisk, "刘大勇", "家里养的生猪染病全部死亡，贷款无力偿还，生活陷入困难。", -20, ct);
        await ActAsync(late, -18, ReportAction.Visit, guanyinjingReviewer, "已入户，损失属实，待乡镇研究。", ct);
    }

    private async Task<(long Id, int Day)> AddAsync(int n, string village, ReportKind kind, string subject, string text, int day, CancellationToken ct)
    {
        var at = clock.GetUtcNow().AddDays(day).UtcDateTime;
        // A household applying for itself is named, as the rules require; the demo's phone numbers reach nobody.
        var named = kind == ReportKind.SelfReport;
        var identity = named ? protector.Protect(System.Text.Json.JsonSerializer.Serialize(new ReporterIdentity(subject, $"1380000{n:0000}"))) : null;
        var (id, _) = await StoreAt(day).AddAsync(new NewReport(village, kind, subject, text, Anonymous: !named, identity,
            protector.Hash(ReportIntake.ReceiptPurpose, DemoReceipt(n)), RegionScope.TownshipOf(village), at), ct);
        return (id, day);
    }

    // The village's last household (by id) with no open monitoring case: the demo's monitoring cases take the first ones.
    private async Task<HouseholdListItem?> UnmonitoredAsync(string village, StaffActor actor, CancellationToken ct)
    {
        var monitored = (await monitoring.InScopeAsync(actor, null, ct)).Where(c => MonitoringRules.Open.Contains(c.Status)).Select(c => c.HouseholdId).ToHashSet();
        var inVillage = await households.SearchAsync(new HouseholdQuery(VillageCode: village, PageSize: 200), ct);
        return inVillage.Items.Where(h => !monitored.Contains(h.Id) && h.Status != HouseholdStatus.Removed).MaxBy(h => h.Id);
    }

    private async Task ActAsync((long Id, int Day) report, int day, ReportAction action, StaffActor actor, string? text, CancellationToken ct,
        ReportInclusion? inclusion = null)
    {
        var store = StoreAt(day);
        var view = await store.GetAsync(report.Id, actor, ct) ?? throw new InvalidOperationException($"Demo report {report.Id} not readable");
        var result = await store.ActAsync(report.Id, view.Report.Concurrency, action, actor, text, inclusion, ct);
        if (!result.IsAllowed) throw new InvalidOperationException($"Demo report step refused: {result.Rule}");
    }

    private ReportStore StoreAt(int dayOffset)
    {
        var shifted = new DemoAnnouncements.ShiftedTimeProvider(clock, TimeSpan.FromDays(dayOffset));
        var audit = new AuditLog(db, shifted);
        return new ReportStore(db, audit, new MonitoringStore(db, audit, shifted), shifted);
    }
}
