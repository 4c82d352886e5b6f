using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Features.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

// Public pages come from the output cache, yet a change shows at once.
public sealed class PublicPageCacheTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublicPage_IsServedWithoutACookieSoItCanBeCached()
    {
        var response = await app.CreateClient().GetAsync("/announcements", Ct);

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
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
}
