using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// Every staff route and staff API against every role and a reviewer of another township. A refusal is a 403 or a
// redirect to sign-in, or a page that shows none of the case's data; a named complainant's identity is in none.
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private const string Canary = "金丝雀测试员丙";
    private const string CaseText = "矩阵测试：该户有稳定工资收入，不符合条件。";
    private const string ReportText = "矩阵测试反映：户主因病住院，家里没有其他收入。";
    private readonly PortalAppFactory app = new();
    private long caseId;
    private long draftId;
    private long reportId;
    private long publishedId;
    private long household;
    private string attachment = "";

    private static readonly string?[] Users = [null, "admin", "inspector", "review.officer", "district.reviewer", "yuxi.reviewer", "jiuzhen.reviewer", "guihua.clerk"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var announcements = app.Services.GetRequiredService<AnnouncementStore>();
        var open = (await announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await announcements.EntriesAsync(open.Id, Ct))[0];
        publishedId = open.Id;
        household = entry.HouseholdId!.Value;
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        var result = await app.Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(open.Id, entry.Id,
            ObjectionCategory.WronglyIncluded, CaseText, false, Canary, "13900002222", "本村村民", true,
            [new IncomingFile("证据.png", png.Length, () => new MemoryStream(png))]), null, Ct);
        caseId = result.Accepted!.Id;
        reportId = (await app.Services.GetRequiredService<Portal.Features.Reports.ReportIntake>().SubmitAsync(new Portal.Features.Reports.ReportSubmission(
            DemoDistrict.Townships[0].Villages[0].Code, Portal.Features.Reports.ReportKind.SelfReport, "矩阵户主", ReportText, false, Canary, "13900003333", true),
            null, Ct)).Accepted!.Id;
        attachment = (await app.Services.GetRequiredService<ObjectionStore>().AttachmentsAsync(caseId, Ct))[0].StoredName;
        var staff = app.Services.GetRequiredService<StaffUserStore>();
        var reviewer = (await staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        var candidates = await announcements.CandidatesAsync(AnnouncementKind.Exit, DemoDistrict.Townships[0].Villages[0].Code, Ct);
        draftId = (await announcements.CreateDraftAsync(AnnouncementKind.Exit, DemoDistrict.Townships[0].Villages[0].Code, [candidates.First(c => c.Refusal is null).Id], reviewer, Ct)).Id!.Value;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private string Url(string route) => route.Replace("{case}", caseId.ToString()).Replace("{draft}", draftId.ToString()).Replace("{file}", attachment)
        .Replace("{report}", reportId.ToString()).Replace("{published}", publishedId.ToString()).Replace("{household}", household.ToString());

    public static TheoryData<string> Routes => new()
    {
        "/staff", "/staff/households", "/staff/announcements", "/staff/announcements/new", "/staff/announcements/{draft}",
        "/staff/objections/new", "/staff/objections/{case}", "/staff/objections/{case}/attachments/{file}", "/staff/audit",
        "/staff/admin/users", "/staff/admin/conflicts", "/staff/admin/import", "/staff/admin/import/template.csv",
        "/staff/admin/procedures", "/staff/villages/511903100201", "/staff/reports/{report}", "/staff/monitoring",
        "/staff/admin/reply-templates", "/staff/announcements/{published}/notice.pdf",
        "/staff/households/{household}/subject", "/staff/households/{household}/subject.pdf",
    };

    // The policy each route names (StaffPolicies decides which roles it lets in).
    private static readonly Dictionary<string, string> PolicyOf = new()
    {
        ["/staff"] = StaffPolicies.Staff,
        ["/staff/households"] = StaffPolicies.Staff,
        ["/staff/announcements"] = StaffPolicies.Preparers,
        ["/staff/announcements/new"] = StaffPolicies.Preparers,
        ["/staff/announcements/{draft}"] = StaffPolicies.Preparers,
        ["/staff/objections/new"] = StaffPolicies.Preparers,
        ["/staff/objections/{case}"] = StaffPolicies.Reviewers,
        ["/staff/objections/{case}/attachments/{file}"] = StaffPolicies.Reviewers,
        ["/staff/audit"] = StaffPolicies.Auditors,
        ["/staff/admin/users"] = StaffPolicies.Administrators,
        ["/staff/admin/conflicts"] = StaffPolicies.Administrators,
        ["/staff/admin/import"] = StaffPolicies.Administrators,
        ["/staff/admin/import/template.csv"] = StaffPolicies.Administrators,
        ["/staff/admin/procedures"] = StaffPolicies.Administrators,
        ["/staff/villages/511903100201"] = StaffPolicies.Preparers,
        ["/staff/reports/{report}"] = StaffPolicies.Reviewers,
        ["/staff/monitoring"] = StaffPolicies.Staff,
        ["/staff/admin/reply-templates"] = StaffPolicies.Administrators,
        ["/staff/announcements/{published}/notice.pdf"] = StaffPolicies.Staff,
        ["/staff/households/{household}/subject"] = StaffPolicies.Staff,
        ["/staff/households/{household}/subject.pdf"] = StaffPolicies.Staff,
    };

    private static readonly Dictionary<string, StaffRole> RoleOf = new()
    {
        ["admin"] = StaffRole.Administrator,
        ["inspector"] = StaffRole.DisciplineInspector,
        ["review.officer"] = StaffRole.ReviewOfficer,
        ["district.reviewer"] = StaffRole.DistrictReviewer,
        ["yuxi.reviewer"] = StaffRole.TownshipReviewer,
        ["jiuzhen.reviewer"] = StaffRole.TownshipReviewer,
        ["guihua.clerk"] = StaffRole.VillageClerk,
    };

    // Let in by the policy's role but not by the region or the queue: the draft is Yuxi township's, the case waits in
    // Yuxi township's queue.
    private static readonly Dictionary<string, string[]> OutOfReach = new()
    {
        ["/staff/announcements/{draft}"] = ["jiuzhen.reviewer"],
        // The review office reads only the second appeals in its own queue.
        ["/staff/objections/{case}"] = ["district.reviewer", "jiuzhen.reviewer", "review.officer"],
        ["/staff/objections/{case}/attachments/{file}"] = ["district.reviewer", "jiuzhen.reviewer", "review.officer"],
        // The report waits in Yuxi township's queue; the district and inspection read it.
        ["/staff/reports/{report}"] = ["jiuzhen.reviewer", "review.officer"],
        // The paper notice of a list in Guihua village (Yuxi township).
        ["/staff/announcements/{published}/notice.pdf"] = ["jiuzhen.reviewer"],
        // The household (the complainant's Guihua line) lies outside Jiuzhen township.
        ["/staff/households/{household}/subject"] = ["jiuzhen.reviewer"],
        ["/staff/households/{household}/subject.pdf"] = ["jiuzhen.reviewer"],
    };

    // Who gets in; everyone else must be refused.
    private static readonly Dictionary<string, string[]> Allowed = PolicyOf.ToDictionary(p => p.Key, p =>
        RoleOf.Where(u => StaffPolicies.Roles[p.Value].Contains(u.Value) && !OutOfReach.GetValueOrDefault(p.Key, []).Contains(u.Key)).Select(u => u.Key).ToArray());

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_EveryRole_IsLetInOrRefusedWithoutData(string route)
    {
        var url = Url(route);
        foreach (var user in Users)
        {
            var client = await StaffClient.SignInAsync(app, user);
            var response = await client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var status = response.StatusCode;

            Assert.DoesNotContain(Canary, body);
            if (user is null)
            {
                Assert.Equal(HttpStatusCode.Redirect, status);
                Assert.StartsWith("/staff/login", response.Headers.Location?.PathAndQuery);
                continue;
            }
            if (Allowed[route].Contains(user))
            {
                Assert.True(status == HttpStatusCode.OK, $"{user} {url}: {status}");
                if (route == "/staff/objections/{case}") Assert.Contains(CaseText, body);
                if (route == "/staff/reports/{report}") Assert.Contains(ReportText, body);
                if (route == "/staff/households/{household}/subject") Assert.Contains("data-section=\"publications\"", body);
                continue;
            }
            var refused = status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Redirect
                || (status == HttpStatusCode.OK && !body.Contains(CaseText) && !body.Contains("矩阵测试"));
            Assert.True(refused, $"{user} {url}: {status} with data");
            if (route is "/staff/objections/{case}/attachments/{file}" or "/staff/households/{household}/subject.pdf") Assert.NotEqual(HttpStatusCode.OK, status);
            if (route == "/staff/households/{household}/subject") Assert.DoesNotContain("data-section=", body);
        }
    }

    [Fact]
    public async Task Attachment_ForTheOwnerOfTheCase_IsAPhotoInlineAsItsOwnTypeNeverSniffed()
    {
        var client = await StaffClient.SignInAsync(app, "yuxi.reviewer");

        var response = await client.GetAsync($"/staff/objections/{caseId}/attachments/{attachment}", Ct);

        // The case page previews it: a re-encoded PNG as image/png, inline; the browser may not guess another type.
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task StaffPages_ForAnySignedInUser_NeverContainTheComplainantsIdentity()
    {
        foreach (var user in Users.Where(u => u is not null))
        {
            var client = await StaffClient.SignInAsync(app, user);
            foreach (var route in Allowed.Keys)
            {
                var url = Url(route);
                var body = await client.GetStringAsync(url, Ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", Ct);
                Assert.DoesNotContain(Canary, body);
                Assert.DoesNotContain("13900002222", body);
            }
        }
    }
}
