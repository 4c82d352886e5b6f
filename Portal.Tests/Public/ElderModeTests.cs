using System.Net;
using System.Text.RegularExpressions;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

// 长者模式 (issue 19, must have 6): a link in the header sets a cookie, every public page then carries the mode and its
// styles, each mode is cached apart, and the link turns it off again.
public sealed partial class ElderModeTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private HttpClient Client() => app.CreateClient(new() { AllowAutoRedirect = false });

    private static async Task<string> PageAsync(HttpClient client, string url, bool elder)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (elder) request.Headers.Add("Cookie", $"{ElderMode.Cookie}={ElderMode.On}");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task HeaderLink_SetsTheCookie_AndReturnsToThePage()
    {
        var home = await PageAsync(Client(), "/announcements", elder: false);
        var link = ModeLink().Match(home);
        Assert.True(link.Success, "no mode link in the header");
        Assert.Equal("长者模式", link.Groups["text"].Value);

        var response = await Client().GetAsync(WebUtility.HtmlDecode(link.Groups["href"].Value), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/announcements", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ElderMode.Cookie + "=", StringComparison.Ordinal));
        Assert.Contains($"{ElderMode.Cookie}={ElderMode.On}", cookie);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/announcements")]
    [InlineData("/statistics")]
    [InlineData("/track")]
    public async Task EveryPublicPage_InElderMode_CarriesTheMode_AndOtherwiseDoesNot_EachCachedApart(string url)
    {
        var client = Client();
        var elder = await PageAsync(client, url, elder: true);
        var standard = await PageAsync(client, url, elder: false);
        var elderAgain = await PageAsync(client, url, elder: true);

        Assert.Contains("<html lang=\"zh-CN\" class=\"elder\">", elder);
        Assert.Contains(">标准模式</a>", elder);
        Assert.DoesNotContain("class=\"elder\"", standard);
        Assert.Contains(">长者模式</a>", standard);
        Assert.Contains("class=\"elder\"", elderAgain);
    }

    [Fact]
    public async Task TurningItOff_DeletesTheCookie_AndAForeignReturnAddressGoesHome()
    {
        var off = await Client().GetAsync("/mode/standard?returnUrl=/statistics", Ct);
        Assert.Equal("/statistics", off.Headers.Location?.OriginalString);
        Assert.Contains(off.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ElderMode.Cookie + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

        var away = await Client().GetAsync("/mode/elder?returnUrl=https://evil.example/", Ct);
        Assert.Equal("/", away.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/mode/huge", Ct)).StatusCode);
    }

    // The 适老化 points the stylesheet promises (README): 20 px text, line spacing of at least 1.5, 48 px touch targets.
    [Fact]
    public async Task Stylesheet_InElderMode_HasLargeText_WideLines_AndLargeTargets()
    {
        var page = await PageAsync(Client(), "/", elder: true);
        var css = await Client().GetStringAsync("/" + Regex.Match(page, "href=\"(site[^\"]*\\.css)\"").Groups[1].Value, Ct);

        Assert.Matches(@"html\.elder \{ font-size: 125%; \}", css);   // 16 px × 1.25 = 20 px
        var spacing = double.Parse(Regex.Match(css, @"html\.elder body \{ line-height: ([\d.]+);").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(spacing >= 1.5, $"line-height {spacing}");
        Assert.Matches(@"html\.elder a, html\.elder button, html\.elder input, html\.elder select, html\.elder textarea, html\.elder summary \{\s*min-height: 48px; \}", css);
    }

    [GeneratedRegex("<a class=\"mode-switch\" href=\"(?<href>[^\"]+)\"[^>]*>(?<text>[^<]+)</a>")]
    private static partial Regex ModeLink();
}
