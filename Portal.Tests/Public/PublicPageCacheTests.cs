using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Features.Statistics;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Public;

// Public pages come from the output cache, yet a change shows at once.
public sealed class PublicPageCacheTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublicPage_IsServedWithoutACookie_SoItCanBeCachedHereAndByProxies()
    {
        var response = await app.CreateClient().GetAsync("/announcements", Ct);

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Withdrawing_AnOpenAnnouncement_ShowsOnItsCachedPageAtOnce()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        var open = (await store.SearchAsync(new AnnouncementQuery(Status: AnnouncementStatus.Published, PageSize: 100), Ct)).Items
            .First(a => a.RegionCode.StartsWith(DemoDistrict.Townships[0].Code[..9], StringComparison.Ordinal));
        var client = app.CreateClient();
        var before = await client.GetStringAsync($"/announcements/{open.Id}", Ct);
        Assert.Contains("距公示期结束还有", before);

        var reviewer = new StaffActor(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));
        Assert.True((await store.WithdrawAsync(open.Id, open.Concurrency, "测试撤回原因", reviewer, Ct)).IsAllowed);
        var after = await client.GetStringAsync($"/announcements/{open.Id}", Ct);

        Assert.Contains("已撤回", after);
        Assert.Contains("测试撤回原因", after);
        Assert.DoesNotContain("/objections/new", after);
    }

    [Fact]
    public async Task SignInPage_IsNotCachedAndKeepsItsAntiforgeryCookie()
    {
        var response = await app.CreateClient().GetAsync("/staff/login", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("antiforgery=", StringComparison.Ordinal));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    // ---- what a page is cached by ----

    [Fact]
    public async Task Statistics_HundredJunkQueryStrings_OverThePageTheCsvsAndTheApi_BuildTheReportAtMostOnce()
    {
        var statistics = app.Services.GetRequiredService<DistrictStatistics>();
        var client = app.CreateClient();
        var before = statistics.Builds;
        string[] urls = ["/statistics", "/statistics/households.csv", "/statistics/causes.csv", "/statistics/exits.csv",
            "/statistics/assistance.csv", "/statistics/objections.csv", "/api/v1/statistics"];

        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync($"{urls[i % urls.Length]}?junk={i}&{Guid.NewGuid():N}=1", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.InRange(statistics.Builds - before, 0, 1);
    }

    [Fact]
    public async Task Statistics_AfterThePublicPagesChange_AreBuiltAgain()
    {
        var statistics = app.Services.GetRequiredService<DistrictStatistics>();
        var client = app.CreateClient();
        await client.GetStringAsync("/api/v1/statistics", Ct);
        var built = statistics.Builds;

        await app.Services.GetRequiredService<PublicPageCache>().ChangedAsync(Ct);
        await client.GetStringAsync("/api/v1/statistics", Ct);
        await client.GetStringAsync("/statistics", Ct);

        Assert.Equal(built + 1, statistics.Builds);
    }

    [Theory]
    [InlineData("/announcements?township=511903100000&utm_source=x&page=2", "/announcements?township=511903100000&page=2")]
    [InlineData("/announcements?culture=en&x=1", "/announcements?culture=en")]
    [InlineData("/statistics?run=7", "/statistics")]
    [InlineData("/?a=1&b=2", "/")]
    public async Task Page_WithAParameterItDoesNotRead_RedirectsToItsAddressWithoutIt(string url, string canonical)
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Page_WithOnlyTheParametersItReads_IsServedAsItIs()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/announcements?kind=Exit&status=Published&q=王&page=1&culture=en", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Rows changed behind the cache's back show only where the cache builds the answer again: never for a junk
    // parameter, always for a real one.
    [Fact]
    public async Task AnnouncementApi_JunkQueryStrings_AreOneCachedAnswer_RealParametersAreNot()
    {
        var client = app.CreateClient();
        var first = await client.GetStringAsync("/api/v1/announcements?status=Published&junk=0", Ct);
        var id = JsonDocument.Parse(first).RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();
        Scalar(app.DatabaseFile, "UPDATE Announcement SET Title = Title || '（缓存测试）' WHERE Id = $id", ("$id", id));

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(first, await client.GetStringAsync($"/api/v1/announcements?status=Published&junk={i}&{Guid.NewGuid():N}=x", Ct));
        }

        Assert.Contains("（缓存测试）", await client.GetStringAsync("/api/v1/announcements?status=Published&pageSize=19", Ct));
        Assert.NotEqual(first, await client.GetStringAsync("/api/v1/announcements?status=Closed&junk=0", Ct));
    }

    // Nothing a cached answer shows depends on the Host header (absolute URLs come from Portal:PublicBaseUrl), so made-up
    // hosts are one cached answer, not a build each.
    [Fact]
    public async Task AnnouncementApi_MadeUpHosts_AreOneCachedAnswer()
    {
        var client = app.CreateClient();
        var first = await client.GetStringAsync("/api/v1/announcements?status=Published", Ct);
        var id = JsonDocument.Parse(first).RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();
        Scalar(app.DatabaseFile, "UPDATE Announcement SET Title = Title || '（主机测试）' WHERE Id = $id", ("$id", id));

        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/announcements?status=Published");
            request.Headers.Host = $"junk{i}.example";
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(first, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task AnnouncementList_FilteredByTownship_DiffersByTownship()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        var client = app.CreateClient();
        string[] townships = [DemoDistrict.Townships[0].Code, DemoDistrict.Townships[1].Code];
        var inFirst = (await store.SearchAsync(new AnnouncementQuery(TownshipCode: townships[0], PageSize: 100), Ct)).Items.First();

        var first = await client.GetStringAsync($"/announcements?township={townships[0]}", Ct);
        var second = await client.GetStringAsync($"/announcements?township={townships[1]}", Ct);

        Assert.Contains(AnnouncementUrls.Detail(inFirst.Id) + "\"", first);
        Assert.DoesNotContain(AnnouncementUrls.Detail(inFirst.Id) + "\"", second);
    }
}
