using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Accounts;

namespace Portal.Tests.TestInfrastructure;

// A case in a township's queue (by default the first, yuxi.reviewer's), and what its timeline shows a reviewer.
public static class StaffCases
{
    public const string Reviewer = "yuxi.reviewer";

    public static string ReviewerOf(int township) => $"{DemoDistrict.Townships[township].Pinyin}.reviewer";

    public static async Task<long> SubmitAsync(PortalAppFactory app, CancellationToken ct, int township = 0) => (await FileAsync(app, ct, township)).Id;

    // The case with its receipt, as the complainant holds it.
    public static async Task<SubmittedObjection> FileAsync(PortalAppFactory app, CancellationToken ct, int township = 0)
    {
        var announcements = app.Services.GetRequiredService<AnnouncementStore>();
        var open = await OpenAnnouncementAsync(announcements, ct, township);
        var entry = (await announcements.EntriesAsync(open.Id, ct))[0];
        var result = await app.Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(open.Id, entry.Id,
            ObjectionCategory.WronglyIncluded, $"会话测试：该户有稳定工资收入，不符合条件。{Guid.NewGuid():N}", true, null, null, null, true, []), null, ct);
        return result.Accepted!;
    }

    // A named complainant's case in Yuxi's queue, filed straight through a test database's intake.
    public static async Task<SubmittedObjection> FileNamedAsync(TestDatabase database, CancellationToken ct, string? text = null, string name = "王德明")
    {
        var open = await OpenAnnouncementAsync(database.Announcements, ct);
        var entry = (await database.Announcements.EntriesAsync(open.Id, ct))[0];
        var result = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entry.Id, ObjectionCategory.WronglyIncluded,
            text ?? $"该户有稳定工资收入，不符合条件。{Guid.NewGuid():N}", false, name, "13800002222", "本村村民", true, []), null, ct);
        Assert.True(result.Accepted is not null, string.Join(",", result.Errors.Select(e => e.Rule)));
        return result.Accepted!;
    }

    // A case the township's reviewer has answered: accepted, investigated, decided and replied to, or (reject) found inadmissible.
    public static async Task<SubmittedObjection> RepliedAsync(PortalAppFactory app, CancellationToken ct, int township = 0, bool reject = false)
    {
        var filed = await FileAsync(app, ct, township);
        var reviewer = (await app.Services.GetRequiredService<StaffUserStore>().FindAsync(ReviewerOf(township), ct))!.Actor;
        var store = app.Services.GetRequiredService<ReviewStore>();
        var objections = app.Services.GetRequiredService<ObjectionStore>();
        (ReviewAction Action, string? Text, Outcome? Outcome)[] moves = reject
            ? [(ReviewAction.Reject, "不属于本次公示范围。", null)]
            : [(ReviewAction.Accept, "受理", null), (ReviewAction.Investigate, "入户核实", null), (ReviewAction.Decide, null, Outcome.NotUpheld),
                (ReviewAction.Reply, "经核实，该户符合条件，异议不成立。", null)];
        foreach (var (action, text, outcome) in moves)
        {
            var row = (await objections.GetAsync(filed.Id, ct))!;
            Assert.True((await store.ActAsync(filed.Id, row.Concurrency, action, reviewer, text, outcome, ct)).IsAllowed, action.ToString());
        }
        return filed;
    }

    // An open announcement of the township outside its reviewer's home village (the township's last, DemoStaff): a case
    // from there would go to the district at once.
    public static async Task<Announcement> OpenAnnouncementAsync(AnnouncementStore announcements, CancellationToken ct, int township = 0)
    {
        var villages = DemoDistrict.Townships[township].Villages;
        return (await announcements.OpenNowAsync(ct)).First(a => villages.Any(v => v.Code == a.RegionCode) && a.RegionCode != villages[^1].Code);
    }

    public static async Task<IReadOnlyList<string>> TimelineTextsAsync(PortalAppFactory app, long caseId, CancellationToken ct, string reviewer = Reviewer)
    {
        var actor = (await app.Services.GetRequiredService<StaffUserStore>().FindAsync(reviewer, ct))!.Actor;
        var view = await app.Services.GetRequiredService<ReviewStore>().GetAsync(caseId, actor, ct);
        return [.. view!.Timeline.Select(e => e.Text ?? "")];
    }

    public static async Task DeactivateAsync(PortalAppFactory app, string userName, CancellationToken ct)
    {
        var users = app.Services.GetRequiredService<StaffUserStore>();
        var admin = (await users.FindAsync("admin", ct))!.Actor;
        var user = (await users.FindAsync(userName, ct))!;
        Assert.True(await app.Services.GetRequiredService<StaffAdministration>().SetActiveAsync(user.Id, false, admin, ct));
    }
}
