using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// Villagers read the portal on 360 px phones: no public page may be wider than the screen, in either language. At
// 562 px the announcement page dragged sideways, header and all, and its last columns and objection links were off-screen.
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private async Task<List<string>> PublicPagesAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        var all = await store.SearchAsync(new AnnouncementQuery(PageSize: 100), ct);
        var open = (await store.OpenNowAsync(ct))[0];
        var pages = new List<string>
        {
            "/", "/announcements", "/announcements?q=王", "/track", "/open-data", "/audit", "/statistics", "/staff/login",
            "/no-such-page", $"/villages/{open.RegionCode}", $"/announcements/{open.Id}/objections/new",
        };
        // One announcement of each kind and of each status the public can see: their tables differ most.
        pages.AddRange(all.Items.GroupBy(a => (a.Kind, a.Status)).Select(g => AnnouncementUrls.Detail(g.First().Id)));
        return pages;
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task EveryPublicPage_At360px_IsNoWiderThanTheScreen(string culture)
    {
        browser.SkipIfUnavailable();
        var pages = await PublicPagesAsync();
        var page = await browser.NewPageAsync(360, 800);
        var tooWide = new List<string>();
        await browser.RunAsync(page, $"phone-width-{culture}", async () =>
        {
            foreach (var url in pages)
            {
                var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                await page.GotoAsync($"{browser.BaseUrl}{url}{separator}culture={culture}");
                var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                if (width > 360) tooWide.Add($"{url}: {width} px");
            }
            Assert.True(tooWide.Count == 0, "wider than a 360 px phone:\n" + string.Join("\n", tooWide));
        });
    }

    [Fact]
    public async Task Announcement_At360px_ShowsEveryFieldAndTheObjectionLinkOfEachHousehold()
    {
        browser.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        var open = (await store.OpenNowAsync(ct)).First(a => AnnouncementFields.IsAboutHouseholds(a.Kind));
        var entries = await store.EntriesAsync(open.Id, ct);
        var page = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(page, "phone-announcement", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.Detail(open.Id)}");
            await BrowserFixture.ScreenshotAsync(page, "announcement-360-zh");
            var first = page.Locator("table.entries tbody tr").First;
            var box = await first.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"the first household's block spans {box.X}..{box.X + box.Width}");
            // Every published field is there with its label, inside the screen.
            foreach (var cell in await first.Locator("th, td[data-label]").AllAsync())
            {
                var cellBox = await cell.BoundingBoxAsync();
                Assert.True(cellBox is not null && cellBox.X + cellBox.Width <= 360, $"'{await cell.InnerTextAsync()}' is off-screen");
            }
            var link = first.GetByRole(AriaRole.Link);
            await Assertions.Expect(link).ToBeVisibleAsync();
            var linkBox = await link.BoundingBoxAsync();
            Assert.True(linkBox is not null && linkBox.X >= 0 && linkBox.X + linkBox.Width <= 360, "the objection link is off-screen");
            Assert.Equal(entries.Count, await page.Locator("table.entries tbody tr").CountAsync());
            Assert.Contains(entries[0].Subject, await first.InnerTextAsync());
            await page.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.Detail(open.Id)}?culture=en");
            await BrowserFixture.ScreenshotAsync(page, "announcement-360-en");
        });
    }
}
