using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// A reviewer has a case open; an administrator deactivates them. Their open window can no longer act — the note they
// write next is not saved and the window shows the sign-in — and their old cookie opens no case page.
[Collection(BrowserCollection.Name)]
public sealed class SessionJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    private const int Township = 1;

    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task Deactivation_EndsTheReviewersOpenWindowAndTheirCookie()
    {
        browser.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var user = StaffCases.ReviewerOf(Township);
        var caseId = await StaffCases.SubmitAsync(browser.App, ct, Township);
        var caseUrl = $"{browser.BaseUrl}/staff/objections/{caseId}";
        var reviewer = await browser.NewPageAsync();
        var admin = await browser.NewPageAsync();
        IReadOnlyList<BrowserContextCookiesResult> cookies = [];

        await browser.RunAsync(reviewer, "session-journey-open", async () =>
        {
            await browser.SignInAsync(reviewer, user);
            cookies = await reviewer.Context.CookiesAsync();
            await reviewer.GotoAsync(caseUrl);
            await BrowserFixture.WaitForCircuitAsync(reviewer);
            await Assertions.Expect(reviewer.GetByText("会话测试", new() { Exact = false })).ToBeVisibleAsync();
        });

        await browser.RunAsync(admin, "session-journey-admin", async () =>
        {
            await browser.SignInAsync(admin, "admin");
            await admin.GotoAsync($"{browser.BaseUrl}/staff/admin/users");
            await BrowserFixture.WaitForCircuitAsync(admin);
            var row = admin.Locator("tr").Filter(new() { HasText = user });
            await row.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
            await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "启用" })).ToBeVisibleAsync();
        });

        await browser.RunAsync(reviewer, "session-journey-after", async () =>
        {
            await reviewer.GetByLabel("内部备注", new() { Exact = true }).FillAsync("停用之后在旧窗口里写的备注");
            try
            {
                await reviewer.GetByRole(AriaRole.Button, new() { Name = "添加内部备注" }).ClickAsync(new() { Timeout = 5_000 });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // Typing was already refused and the window had left for the sign-in before the click.
            }
            await reviewer.WaitForURLAsync($"{browser.BaseUrl}/staff/login?ReturnUrl=%2Fstaff%2Fobjections%2F{caseId}");
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "工作人员登录" })).ToBeVisibleAsync();
            // Read as the inspector: with its only reviewer deactivated, the minute job may already have sent the case to the district.
            Assert.DoesNotContain(await StaffCases.TimelineTextsAsync(browser.App, caseId, ct, "inspector"), t => t.Contains("停用之后"));
        });

        var replay = await browser.NewPageAsync();
        await browser.RunAsync(replay, "session-journey-replay", async () =>
        {
            await replay.Context.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
            }));
            await replay.GotoAsync(caseUrl);
            await replay.WaitForURLAsync($"{browser.BaseUrl}/staff/login**");
            await Assertions.Expect(replay.GetByText("会话测试", new() { Exact = false })).ToHaveCountAsync(0);
        });
    }
}
