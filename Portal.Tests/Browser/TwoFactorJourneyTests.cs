using Microsoft.Playwright;
using OtpNet;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// The second factor as an administrator meets it, on a portal with the shipped default (inspectors and administrators):
// enrolment by the QR code's key at the first sign-in, the recovery codes, sign-in with a code; and an inspector's
// wrong codes counting towards the lockout, so that the right code after four of them is refused too.
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalAppFactory app = new() { TwoFactorRoles = null, Households = 50 };
    private string baseUrl = "";

    public ValueTask InitializeAsync()
    {
        if (browser.Unavailable is not null) return ValueTask.CompletedTask;
        app.UseKestrel(0);
        app.StartServer();
        baseUrl = app.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.ClosePagesAsync();
        await app.DisposeAsync();
    }

    private static string CodeOf(string secret, int stepsFromNow = 0) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsFromNow));

    private async Task PasswordAsync(IPage page, string user)
    {
        await page.GotoAsync($"{baseUrl}/staff/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", PortalAppFactory.StaffPassword);
        await page.ClickAsync("button[type=submit]");
    }

    private static async Task CodeAsync(IPage page, string code)
    {
        await page.FillAsync("#code", code);
        await page.ClickAsync("button[type=submit]");
    }

    [Fact]
    public async Task Administrator_EnrolsWithTheQrKey_KeepsRecoveryCodes_AndSignsInWithACode()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync(360, 800);
        var secret = "";

        await browser.RunAsync(page, "two-factor-enrol", async () =>
        {
            await PasswordAsync(page, "admin");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "设置两步验证" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByAltText("供验证器应用扫描的二维码")).ToBeVisibleAsync();
            secret = (await page.Locator("#secret").InnerTextAsync()).Replace(" ", "");
            await BrowserFixture.ScreenshotAsync(page, "two-factor-enrol-360");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));

            await CodeAsync(page, "000000");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("动态码不正确");
            Assert.Equal(secret, (await page.Locator("#secret").InnerTextAsync()).Replace(" ", ""));

            await CodeAsync(page, CodeOf(secret));
            await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
            await BrowserFixture.ScreenshotAsync(page, "two-factor-recovery-360");
            await page.ClickAsync("#continue");
            await page.WaitForURLAsync($"{baseUrl}/staff**");
        });

        var again = await browser.NewPageAsync();
        await browser.RunAsync(again, "two-factor-sign-in", async () =>
        {
            await PasswordAsync(again, "admin");
            await Assertions.Expect(again.GetByLabel("动态码或恢复码")).ToBeVisibleAsync();
            Assert.DoesNotContain(await again.Context.CookiesAsync(), c => c.Name.StartsWith("__Host-portal-staff", StringComparison.Ordinal));
            // The enrolment used this step's code; the app's next one is good now too (one step of drift either way).
            await CodeAsync(again, CodeOf(secret, stepsFromNow: 1));
            await again.WaitForURLAsync($"{baseUrl}/staff**");
            await again.GotoAsync($"{baseUrl}/staff/admin/users");
            await BrowserFixture.WaitForCircuitAsync(again);
            await Assertions.Expect(again.Locator("tr").Filter(new() { HasText = "admin" }).First.Locator("[data-test=two-factor]")).ToHaveTextAsync("已设置");
        });
    }

    [Fact]
    public async Task Inspector_WrongCodesCountTowardsTheLockout()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync();

        await browser.RunAsync(page, "two-factor-lockout", async () =>
        {
            await PasswordAsync(page, "inspector");
            var secret = (await page.Locator("#secret").InnerTextAsync()).Replace(" ", "");
            // The password was the first of five attempts; four wrong codes are the rest.
            for (var i = 0; i < 4; i++)
            {
                await CodeAsync(page, "000000");
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("动态码不正确");
            }

            await CodeAsync(page, CodeOf(secret));
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("尝试次数过多");
            await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync();
            await PasswordAsync(page, "inspector");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("尝试次数过多");
            Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith("__Host-portal-staff", StringComparison.Ordinal));
        });
    }
}
