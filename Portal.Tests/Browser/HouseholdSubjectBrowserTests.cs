using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Retention;
using Portal.Features.Retention.Staff;
using Portal.Tests.Features.Retention;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// The data-subject view as staff reach it: from the household page inside the circuit, and straight from its address
// (prerendered, then interactive); each visit is one audit event, and at 360 px it fits the screen.
[Collection(BrowserCollection.Name)]
public sealed class HouseholdSubjectBrowserTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private async Task<int> ViewsAsync(long household) =>
        (await browser.App.Services.GetRequiredService<AuditLog>().SearchAsync(new AuditQuery(Kind: HouseholdSubjects.Viewed, PageSize: 200),
            TestContext.Current.CancellationToken)).Items.Count(e => e.Subject == $"household:{household}");

    [Fact]
    public async Task SubjectView_FromTheHouseholdPageAndByAddress_ShowsThePublications_FitsAPhone_AndIsAuditedOncePerVisit()
    {
        browser.SkipIfUnavailable();
        var (household, _, _, _) = await HouseholdSubjectsTests<SqliteEngine>.HongqiAsync(browser.App.Services.GetRequiredService<AnnouncementStore>());
        var page = await browser.NewPageAsync();
        await browser.RunAsync(page, "subject-1280", async () =>
        {
            await browser.SignInAsync(page, "liulin.reviewer");
            await page.GotoAsync($"{browser.BaseUrl}{Portal.Features.Assistance.Staff.HouseholdPage.Url(household)}");
            await BrowserFixture.WaitForCircuitAsync(page);
            var before = await ViewsAsync(household);
            await page.Locator("[data-subject-link]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-section=publications] h3")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("[data-subject-pdf]")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "subject-1280");
            Assert.Equal(before + 1, await ViewsAsync(household));
            // The export is a download, never a route the circuit would try to open.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-subject-pdf]").ClickAsync());
            Assert.Equal($"household-{household}-personal-data.pdf", download.SuggestedFilename);
        });

        var phone = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(phone, "subject-360", async () =>
        {
            await browser.SignInAsync(phone, "liulin.reviewer");
            var before = await ViewsAsync(household);
            await phone.GotoAsync($"{browser.BaseUrl}{HouseholdSubjectPage.Url(household)}");
            await BrowserFixture.WaitForCircuitAsync(phone);
            await Assertions.Expect(phone.Locator("[data-section=publications] h3")).ToHaveCountAsync(3);
            await BrowserFixture.ScreenshotAsync(phone, "subject-360");
            var width = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"the subject view is {width} px wide at 360 px");
            // Prerendered and then interactive: read and audited once, the circuit takes over what the prerender read.
            Assert.Equal(before + 1, await ViewsAsync(household));
        });
    }
}
