using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// Every public announcement route over HTTP, against the demo district's announcements.
public sealed class AnnouncementPublicTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnnouncementStore Store => app.Services.GetRequiredService<AnnouncementStore>();

    private async Task<IReadOnlyList<Announcement>> AllAsync(bool includeDrafts = false)
    {
        var all = new List<Announcement>();
        var actor = new Portal.Features.Accounts.StaffActor(0, "t", Portal.Features.Accounts.StaffRole.DistrictReviewer,
            Portal.Features.Regions.RegionScope.Of(Portal.Features.Demo.DemoDistrict.DistrictCode));
        var page = includeDrafts
            ? await Store.SearchForStaffAsync(new AnnouncementQuery(PageSize: 100), actor, Ct)
            : await Store.SearchAsync(new AnnouncementQuery(PageSize: 100), Ct);
        all.AddRange(page.Items);
        return all;
    }

    private async Task<Announcement> OneAsync(Func<Announcement, bool> match) => (await AllAsync(includeDrafts: true)).First(match);

    private async Task<string> GetStringAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task Demo_HasAnnouncementsInEveryState()
    {
        var all = await AllAsync(includeDrafts: true);
        var now = DateTimeOffset.UtcNow;

        Assert.All(Enum.GetValues<AnnouncementKind>(), kind =>
            Assert.Contains(all, a => a.Kind == kind && AnnouncementRules.IsOpenForObjections(a, now)));
        Assert.Contains(all, a => AnnouncementRules.EffectiveStatus(a, now) == AnnouncementStatus.Closed);
        Assert.Contains(all, a => a.Status == AnnouncementStatus.Finalized && a.PreviousVersionId is not null);
        Assert.Contains(all, a => a.Status == AnnouncementStatus.Superseded);
        Assert.Contains(all, a => a.Status == AnnouncementStatus.Withdrawn);
        Assert.Contains(all, a => a.Status == AnnouncementStatus.Draft);
        Assert.Contains(all, a => a.Stage == AnnouncementStage.TownshipPublicity);
    }

    [Fact]
    public async Task List_ShowsPublishedAnnouncementsButNoDraft()
    {
        var html = await GetStringAsync("/announcements");
        var draft = await OneAsync(a => a.Status == AnnouncementStatus.Draft);

        foreach (var a in await AllAsync())
        {
            Assert.Contains($"href=\"/announcements/{a.Id}\"", html);
        }
        Assert.DoesNotContain($"href=\"/announcements/{draft.Id}\"", html);
        Assert.DoesNotContain("草稿", html);
    }

    [Fact]
    public async Task List_FilterByKindAndStatus_ShowsOnlyMatches()
    {
        var exits = (await AllAsync()).Where(a => a.Kind == AnnouncementKind.Exit).ToList();
        var withdrawn = await OneAsync(a => a.Status == AnnouncementStatus.Withdrawn);

        var html = await GetStringAsync("/announcements?kind=Exit");
        var withdrawnHtml = await GetStringAsync("/announcements?status=Withdrawn");

        Assert.Contains($"共 {exits.Count} 条公示", html);
        Assert.All(exits, a => Assert.Contains($"href=\"/announcements/{a.Id}\"", html));
        Assert.Contains($"href=\"/announcements/{withdrawn.Id}\"", withdrawnHtml);
        Assert.Contains("共 1 条公示", withdrawnHtml);
    }

    [Fact]
    public async Task Detail_Withdrawn_SaysItIsWithdrawn_NotThatThePeriodIsOver()
    {
        var withdrawn = await OneAsync(a => a.Status == AnnouncementStatus.Withdrawn);

        var html = await GetStringAsync($"/announcements/{withdrawn.Id}");

        Assert.Contains("本公示已撤回。", html);
        Assert.Contains("本公示已撤回，不再受理异议。", html);
        Assert.DoesNotContain("公示期外不受理异议", html);
    }

    [Fact]
    public async Task Detail_Superseded_ShowsABannerLinkingTheCurrentVersion()
    {
        var superseded = await OneAsync(a => a.Status == AnnouncementStatus.Superseded);
        var current = (await Store.VersionsAsync(superseded.Id, Ct)).Where(v => v.Status != AnnouncementStatus.Superseded).MaxBy(v => v.Version)!;

        var html = await GetStringAsync($"/announcements/{superseded.Id}");

        Assert.Contains("本公示已被更正后的新版本取代，现已作废。", html);
        Assert.Contains($"<a href=\"/announcements/{current.Id}\">查看现行的第 {current.Version} 版</a>", html);
        Assert.DoesNotContain("公示期外不受理异议", html);
    }

    [Fact]
    public async Task List_SearchByHeadName_FindsTheAnnouncementListingThem()
    {
        var open = await OneAsync(a => a.Kind == AnnouncementKind.Identification && a.Status == AnnouncementStatus.Published);
        var name = (await Store.EntriesAsync(open.Id, Ct))[0].Subject;

        var html = await GetStringAsync($"/announcements?q={Uri.EscapeDataString(name)}");
        var none = await GetStringAsync($"/announcements?q={Uri.EscapeDataString("不存在的名字")}");

        Assert.Contains($"href=\"/announcements/{open.Id}\"", html);
        Assert.Contains("没有符合条件的公示", none);
    }

    [Fact]
    public async Task List_GarbageFilters_AreIgnoredNot500()
    {
        var html = await GetStringAsync("/announcements?kind=Nope&status=Draft&year=abc&page=-3&township=x%27--");

        Assert.Contains("公示公告", html);
    }

    [Fact]
    public async Task Detail_OpenAnnouncement_ShowsTimeLeftEntriesHashAndObjectionLink()
    {
        var open = await OneAsync(a => a.Kind == AnnouncementKind.Identification && a.Status == AnnouncementStatus.Published);
        var entries = await Store.EntriesAsync(open.Id, Ct);

        var html = await GetStringAsync($"/announcements/{open.Id}");

        Assert.Contains(open.Title, html);
        Assert.Contains("距公示期结束还有", html);
        Assert.Contains(open.ContentHash!, html);
        Assert.Contains($"href=\"/announcements/{open.Id}/notice.pdf\"", html);
        Assert.Contains($"href=\"/announcements/{open.Id}/objections/new\"", html);
        Assert.All(entries, e => Assert.Matches($"<th scope=\"row\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(e.Subject)}", html));
    }

    [Fact]
    public async Task Detail_ClosedAnnouncement_OffersNoObjection()
    {
        var closed = await OneAsync(a => AnnouncementRules.EffectiveStatus(a, DateTimeOffset.UtcNow) == AnnouncementStatus.Closed);

        var html = await GetStringAsync($"/announcements/{closed.Id}");

        Assert.Contains("公示期已于", html);
        Assert.DoesNotContain("/objections/new", html);
        Assert.Contains("公示期外不受理异议", html);
    }

    [Fact]
    public async Task Detail_CorrectedVersion_ShowsTheHistoryAndTheDifference()
    {
        var corrected = await OneAsync(a => a.PreviousVersionId is not null && a.Status != AnnouncementStatus.Draft);
        var before = await Store.EntriesAsync(corrected.PreviousVersionId!.Value, Ct);
        var after = await Store.EntriesAsync(corrected.Id, Ct);
        var diff = VersionDifference.Between(ProcedureCatalog.Defaults.For(corrected.Kind).PublishedFields, before, after);

        var html = await GetStringAsync($"/announcements/{corrected.Id}");

        Assert.Contains("版本记录", html);
        Assert.Contains("已被更正版本取代", html);
        Assert.NotEmpty(diff.Added);
        Assert.NotEmpty(diff.Removed);
        Assert.All(diff.Added, e => Assert.Matches($"新增</span>\\s*{e.Subject}", html));
        Assert.All(diff.Removed, e => Assert.Matches($"删除</span>\\s*{e.Subject}", html));
    }

    [Fact]
    public async Task CorrectedVersion_PageAndApi_ShowTheReasonForTheCorrectionBesideTheDifference()
    {
        var corrected = await OneAsync(a => a.PreviousVersionId is not null && a.Status != AnnouncementStatus.Draft);
        Assert.False(string.IsNullOrWhiteSpace(corrected.RevisionReason));
        // The public reads the reason with the numbers someone wrote into it masked (the demo plants some).
        var shown = Portal.Features.Households.FreeTextMask.Mask(corrected.RevisionReason!);
        Assert.NotEqual(corrected.RevisionReason, shown);
        var reason = System.Net.WebUtility.HtmlEncode(shown);

        var html = await GetStringAsync($"/announcements/{corrected.Id}");
        using var json = JsonDocument.Parse(await GetStringAsync($"/api/v1/announcements/{corrected.Id}"));
        using var first = JsonDocument.Parse(await GetStringAsync($"/api/v1/announcements/{corrected.PreviousVersionId}"));

        Assert.Matches($"与第 1 版相比</p>\\s*<p class=\"revision-reason\">更正原因：{System.Text.RegularExpressions.Regex.Escape(reason)}</p>", html);
        Assert.Equal(shown, json.RootElement.GetProperty("revisionReason").GetString());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("revisionReason").ValueKind);
    }

    [Fact]
    public async Task Detail_Draft_Is404()
    {
        var draft = await OneAsync(a => a.Status == AnnouncementStatus.Draft);

        var response = await app.CreateClient().GetAsync($"/announcements/{draft.Id}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(draft.Title, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Home_ListsTheAnnouncementsOpenNow()
    {
        var html = await GetStringAsync("/");
        var open = (await AllAsync()).Where(a => AnnouncementRules.IsOpenForObjections(a, DateTimeOffset.UtcNow)).ToList();

        Assert.Contains("正在公示", html);
        Assert.True(open.Count >= 4);
        Assert.All(open, a => Assert.Contains($"href=\"/announcements/{a.Id}\"", html));
    }

    [Fact]
    public async Task Notice_Pdf_HasTheChineseTitleEveryNameAndTheHash()
    {
        var open = await OneAsync(a => a.Kind == AnnouncementKind.Exit && a.Status == AnnouncementStatus.Published);
        var entries = await Store.EntriesAsync(open.Id, Ct);

        var response = await app.CreateClient().GetAsync($"/announcements/{open.Id}/notice.pdf", Ct);
        var pages = PdfText.Pages(await response.Content.ReadAsByteArrayAsync(Ct));
        var text = string.Concat(pages);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(open.Title, pages[0]);
        Assert.All(entries, e => Assert.Contains(e.Subject, text));
        Assert.Contains(open.ContentHash!, text);
        Assert.Contains("12317", text);
        Assert.Contains($"第{pages.Count}页共{pages.Count}页", pages[^1]);
        Assert.Contains($"第1页共{pages.Count}页", pages[0]);
    }

    [Theory]
    [InlineData(AnnouncementStatus.Withdrawn, "已撤回")]
    [InlineData(AnnouncementStatus.Superseded, "已作废")]
    public async Task Notice_NoLongerInForce_IsMarked_AndInvitesNoObjection(AnnouncementStatus status, string mark)
    {
        var gone = await OneAsync(a => a.Status == status);

        var pages = PdfText.Pages(await app.CreateClient().GetByteArrayAsync($"/announcements/{gone.Id}/notice.pdf", Ct));

        Assert.All(pages, p => Assert.Contains(mark, p));
        Assert.DoesNotContain("请于", string.Concat(pages));
        Assert.DoesNotContain("可以匿名", string.Concat(pages));
    }

    [Fact]
    public async Task Notice_Open_OpensWithTheBasisAndInvitesObjections()
    {
        var open = await OneAsync(a => a.Stage == AnnouncementStage.VillagePublicity && a.Status == AnnouncementStatus.Published);

        var text = string.Concat(PdfText.Pages(await app.CreateClient().GetByteArrayAsync($"/announcements/{open.Id}/notice.pdf", Ct)));

        Assert.Contains("民主评议", text);
        Assert.Contains("予以公示", text);
        Assert.Contains("请于", text);
        Assert.DoesNotContain("已撤回", text);
    }

    [Fact]
    public async Task Notice_Draft_Is404()
    {
        var draft = await OneAsync(a => a.Status == AnnouncementStatus.Draft);

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/announcements/{draft.Id}/notice.pdf", Ct)).StatusCode);
    }

    [Fact]
    public async Task OpenData_DescribesEveryEndpoint()
    {
        var html = await GetStringAsync("/open-data");

        Assert.Contains("/api/v1/announcements", html);
        Assert.Contains("entries.csv", html);
        Assert.Contains("/feeds/announcements.atom", html);
        Assert.Contains("SHA-256", html);
    }
}
