using Portal.Infrastructure;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Households;

namespace Portal.Features.Demo;

// Monitoring households (防止返贫致贫) through the real stores, on the days they happened: cases of each type, some
// proposed and past the 15-day clock, some monitored, some eliminated with the follow-up visit due; an open
// MonitoringInclusion village publicity and a RiskElimination at its township stage.
public sealed partial class DemoAnnouncements
{
    private static readonly string[] Risks =
    [
        "家庭成员患病住院，医疗支出大幅增加",
        "主要劳动力务工收入中断",
        "房屋受暴雨损毁，需重建",
        "种养殖产业受灾减收",
        "子女就学支出增加，收入下降",
    ];

    // The inclusion's village publicity: at least 5 days by PRACTICE.md, 7 while every stage keeps the classic minimum.
    private const int InclusionDays = 5;

    private async Task MonitoringAsync(IReadOnlyDictionary<string, StaffActor> staff, CancellationToken ct)
    {
        var (yuxi, guanyinjing, liulin) = (DemoDistrict.Townships[0], DemoDistrict.Townships[1], DemoDistrict.Townships[3]);
        var district = staff["district.reviewer"];

        // Guihua: proposed on the 15-day clock, two of them past it, for the clerk's and Yuxi's workbench.
        await ProposedAsync(yuxi.Villages[0].Code, staff["guihua.clerk"], [-25, -17, -9, -2], 0, ct);

        // Xindian: included a year ago; half of them eliminated since, their follow-up visit now due; two more past the
        // village publicity of a RiskElimination, at its township stage now.
        var xindian = liulin.Villages[1].Code;
        var reviewer = staff["liulin.reviewer"];
        var included = await ProposedAsync(xindian, reviewer, [-404, -403, -402, -401, -400, -400], 6, ct);
        await DecidedAsync(AnnouncementKind.MonitoringInclusion, xindian, included, -399, InclusionDays, reviewer, district, ct);
        await DecidedAsync(AnnouncementKind.RiskElimination, xindian, included.Take(3).ToList(), -262, 7, reviewer, district, ct);
        var elimination = Created(await StoreAt(-12).CreateDraftAsync(AnnouncementKind.RiskElimination, xindian, included.Skip(3).Take(2).ToList(), reviewer, ct));
        await PublishDraftAsync(elimination, -12, 7, reviewer, ct);
        await Must(StoreAt(-5).FinalizeAsync(elimination, (await StoreAt(-5).GetAsync(elimination, ct))!.Concurrency, reviewer, ct));
        // At the township check: a draft the township confirms, never posted.
        Created(await StoreAt(-1).AdvanceAsync(elimination, reviewer, ct));
        // The last monitored household: its risk elimination is posted in the village now.
        var last = Created(await StoreAt(-2).CreateDraftAsync(AnnouncementKind.RiskElimination, xindian, included.Skip(5).Take(1).ToList(), reviewer, ct));
        await PublishDraftAsync(last, -2, 7, reviewer, ct);

        // Longquan: proposed this week, listed on a MonitoringInclusion village publicity open now.
        var longquan = guanyinjing.Villages[2].Code;
        await ProposedAsync(longquan, staff["guanyinjing.reviewer"], [-6, -5, -4], 18, ct);
        await PublishedAsync(AnnouncementKind.MonitoringInclusion, longquan, staff["guanyinjing.reviewer"], staff["guanyinjing.reviewer"], -1, InclusionDays, 3, ct);
    }

    // Opens a proposed case for the village's first households, one per clue day (relative to today); the type follows
    // the household's status, so an exited household is an unstable exit.
    private async Task<IReadOnlyList<long>> ProposedAsync(string village, StaffActor actor, int[] clueDays, int skip, CancellationToken ct)
    {
        var households = (await StoreAt(0).CandidatesAsync(AnnouncementKind.Identification, village, ct)).OrderBy(c => c.Id).Skip(skip).Take(clueDays.Length).ToList();
        var opened = new List<long>();
        for (var i = 0; i < households.Count; i++)
        {
            var shifted = new ShiftedTimeProvider(clock, TimeSpan.FromDays(clueDays[i]));
            var store = new MonitoringStore(db, new Audit.AuditLog(db, shifted), shifted);
            var type = households[i].Detail switch
            {
                nameof(HouseholdStatus.Exited) => MonitoringType.UnstableExited,
                nameof(HouseholdStatus.Applicant) => MonitoringType.MarginalAtRisk,
                _ => MonitoringType.SuddenHardship,
            };
            var day = ShanghaiTime.Today(shifted.GetUtcNow());
            var result = await store.OpenAsync(new NewMonitoringCase(households[i].Id, type, Risks[(skip + i) % Risks.Length], day), actor, ct);
            if (!result.Result.IsAllowed) throw new InvalidOperationException($"Demo monitoring case refused: {result.Result.Rule}");
            opened.Add(households[i].Id);
        }
        return opened;
    }

    // A monitoring announcement through all its stages from startDay, each published, closed and finalized in turn.
    private async Task DecidedAsync(AnnouncementKind kind, string village, IReadOnlyList<long> households, int startDay, int villageDays,
        StaffActor reviewer, StaffActor district, CancellationToken ct)
    {
        var id = Created(await StoreAt(startDay).CreateDraftAsync(kind, village, households, reviewer, ct));
        var day = startDay;
        // Each stage as its procedure says: a publicity is posted for its days and then finalized, a check is finalized
        // from its draft the same day.
        var stages = ProcedureCatalog.Defaults.For(kind).Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            var publisher = stages[i].PublishedBy == StaffRole.DistrictReviewer ? district : reviewer;
            if (stages[i].Publicity)
            {
                var days = i == 0 ? villageDays : stages[i].MinimumPeriod!.Count;
                await PublishDraftAsync(id, day, days, publisher, ct);
                day += days;
            }
            await Must(StoreAt(day).FinalizeAsync(id, (await StoreAt(day).GetAsync(id, ct))!.Concurrency, publisher, ct));
            if (i < stages.Count - 1) id = Created(await StoreAt(day).AdvanceAsync(id, reviewer, ct));
        }
    }
}
