using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// A FundsAndProjects list carries paragraphs (task, performance targets, benefit mechanism): each project is a card of
// labelled lines on a phone and on a desktop screen alike, never a twelve-column table to drag sideways.
[Collection(BrowserCollection.Name)]
public sealed class FundsAndProjectsBrowserTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Theory]
    [InlineData(360, "zh-CN")]
    [InlineData(360, "en")]
    [InlineData(1280, "zh-CN")]
    public async Task Projects_AreCardsWithEveryGuidanceFieldLabelled_InsideTheScreen(int width, string culture)
    {
        browser.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        var a = (await store.SearchAsync(new AnnouncementQuery(Kind: AnnouncementKind.FundsAndProjects), ct)).Items[0];
        var page = await browser.NewPageAsync(width, 900);
        await browser.RunAsync(page, $"funds-{width}-{culture}", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.Detail(a.Id)}?culture={culture}");
            await BrowserFixture.ScreenshotAsync(page, $"funds-and-projects-{width}-{culture}");
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, "the page is wider than the screen");
            var first = page.Locator("table.entries tbody tr").First;
            var cells = await first.Locator("td[data-label]").AllAsync();
            Assert.True(cells.Count >= 12, $"{cells.Count} labelled fields");
            foreach (var cell in cells)
            {
                var box = await cell.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"'{await cell.InnerTextAsync()}' is off-screen");
                // The label sits beside its value, on the same card line.
                Assert.NotEqual("none", await cell.EvaluateAsync<string>("c => getComputedStyle(c, '::before').content"));
            }
        });
    }
}
