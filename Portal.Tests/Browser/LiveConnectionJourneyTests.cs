using System.Net;
using System.Net.WebSockets;
using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// A staff member with every circuit their address may hold already open: the next window says so instead of freezing,
// the windows already open keep working, and once places free up the next window works again.
[Collection(BrowserCollection.Name)]
public sealed class LiveConnectionJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StaffWindowOverTheCircuitCap_SaysSo_WhileTheOpenWindowKeepsWorking()
    {
        browser.SkipIfUnavailable();
        var first = await browser.NewPageAsync();
        var extra = await browser.NewPageAsync();
        using var http = browser.App.CreateClient();
        var held = new List<ClientWebSocket>();
        try
        {
            await browser.RunAsync(first, "circuit-cap-first", async () =>
            {
                await browser.SignInAsync(first, "yuxi.reviewer");
                await BrowserFixture.WaitForCircuitAsync(first);
                // The page starts below the app bar, not under it.
                var bar = await first.Locator(".mud-appbar").BoundingBoxAsync();
                var heading = await first.Locator("h1").First.BoundingBoxAsync();
                Assert.True(heading!.Y >= bar!.Y + bar.Height, $"the heading (top {heading.Y}) is under the app bar (bottom {bar.Y + bar.Height})");
            });

            // Take the address's remaining places until the portal refuses one.
            while (true)
            {
                try
                {
                    held.Add(await BlazorHub.ConnectAsync(http, Ct));
                }
                catch (WebSocketException e) when (BlazorHub.RefusedWith(e) == HttpStatusCode.TooManyRequests)
                {
                    break;
                }
                Assert.True(held.Count <= 20, "twenty more connections and still no refusal");
            }

            await browser.RunAsync(extra, "circuit-cap-extra", async () =>
            {
                await browser.SignInAsync(extra, "yuxi.reviewer");
                var notice = extra.Locator("#blazor-error-ui");
                await Assertions.Expect(notice).ToBeVisibleAsync();
                await Assertions.Expect(notice).ToContainTextAsync("页面已停止响应");
                await Assertions.Expect(notice).ToContainTextAsync("关闭不用的窗口");
                await Assertions.Expect(extra.Locator("[data-circuit=ready]")).ToHaveCountAsync(0);
                await BrowserFixture.ScreenshotAsync(extra, "staff-circuit-refused");
            });

            await browser.RunAsync(first, "circuit-cap-first-still-works", async () =>
            {
                var all = first.GetByRole(AriaRole.Tab).Filter(new() { HasText = "全部在办" });
                await all.ClickAsync();
                await Assertions.Expect(all).ToHaveAttributeAsync("aria-selected", "true");
                await Assertions.Expect(first.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            });
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);

            foreach (var socket in held) socket.Dispose();
            held.Clear();
            await browser.RunAsync(extra, "circuit-cap-extra-reload", async () =>
            {
                await extra.Locator("#blazor-error-ui .reload").ClickAsync();
                await BrowserFixture.WaitForCircuitAsync(extra);
                await Assertions.Expect(extra.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            });
        }
        finally
        {
            foreach (var socket in held) socket.Dispose();
        }
    }
}
