using System.Net;
using System.Xml.Linq;
using Portal.Features.Announcements;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Infrastructure;

// Absolute URLs come from Portal:PublicBaseUrl: a request naming another Host (a forged header, a cache poisoner) never
// gets its address onto a printed notice, a receipt or the feed.
public sealed class PublicBaseUrlTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Evil = "evil.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient ForgedHostClient()
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri($"https://{Evil}"), AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Host = Evil;
        return client;
    }

    [Fact]
    public async Task NoticePdf_WithAForgedHost_PrintsAndEncodesOnlyTheConfiguredAddress()
    {
        var open = await OpenAsync(app, a => a.Kind == AnnouncementKind.Exit);

        var response = await ForgedHostClient().GetAsync($"/announcements/{open.Id}/notice.pdf", Ct);
        var text = string.Concat(PdfText.Pages(await response.Content.ReadAsByteArrayAsync(Ct)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The line under the QR code is the URL the code encodes (NoticeModel.OnlineUrl).
        Assert.Contains($"{PortalAppFactory.PublicBaseUrl}/announcements/{open.Id}", text);
        Assert.DoesNotContain(Evil, text);
    }

    [Fact]
    public async Task Feed_WithAForgedHost_HasLinksAndIdsOnlyOnTheConfiguredAddress()
    {
        var response = await ForgedHostClient().GetAsync("/feeds/announcements.atom", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var feed = XDocument.Parse(body);
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var urls = feed.Descendants(atom + "link").Select(l => (string)l.Attribute("href")!)
            .Concat(feed.Descendants(atom + "id").Select(i => i.Value)).ToList();
        Assert.True(urls.Count > 4, body);
        Assert.All(urls, u => Assert.StartsWith(PortalAppFactory.PublicBaseUrl + "/", u));
        Assert.DoesNotContain(Evil, body);
    }

    [Fact]
    public async Task ReceiptPdf_WithAForgedHost_PrintsTheConfiguredTrackAddress()
    {
        var open = await OpenVillageAsync(app);
        var client = ForgedHostClient();
        var html = await (await PostObjectionFormAsync(client, open.Id, AnonymousFields())).Content.ReadAsStringAsync(Ct);

        var response = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(html),
            ["receipt"] = ReceiptOnPage(html).Replace(" ", ""),
        }), Ct);
        var text = string.Concat(PdfText.Pages(await response.Content.ReadAsByteArrayAsync(Ct)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{PortalAppFactory.PublicBaseUrl}/track", text);
        Assert.DoesNotContain(Evil, text);
    }

    [Theory]
    [InlineData("https://gs.enyang.gov.cn", "https://gs.enyang.gov.cn")]
    [InlineData("https://gs.enyang.gov.cn/", "https://gs.enyang.gov.cn")]
    [InlineData("http://10.0.0.5:8080/portal/", "http://10.0.0.5:8080/portal")]
    public void From_AnAbsoluteHttpUrl_IsTheRootOfEveryAbsoluteUrl(string configured, string root)
    {
        var urls = PublicUrls.From(new PortalOptions { PublicBaseUrl = configured }, development: false);

        Assert.Equal(root + "/track", urls.Absolute("/track"));
    }

    [Theory]
    [InlineData("gs.enyang.gov.cn")]
    [InlineData("/announcements")]
    [InlineData("ftp://gs.enyang.gov.cn")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://gs.enyang.gov.cn/?x=1")]
    [InlineData("https://gs.enyang.gov.cn/#top")]
    [InlineData("https://user:secret@gs.enyang.gov.cn")]
    public void From_ARelativeOrOtherUrl_StopsStartUpNamingTheKey(string configured)
    {
        var e = Assert.Throws<PortalStartupException>(() => PublicUrls.From(new PortalOptions { PublicBaseUrl = configured }, development: true));

        Assert.Contains("Portal:PublicBaseUrl", e.Message);
        Assert.Contains("absolute http or https URL", e.Message);
    }

    [Fact]
    public void From_MissingOutsideDevelopment_StopsStartUp_AndInDevelopmentIsLocalhost()
    {
        var e = Assert.Throws<PortalStartupException>(() => PublicUrls.From(new PortalOptions(), development: false));

        Assert.Contains("Portal:PublicBaseUrl is required", e.Message);
        Assert.Equal("http://localhost:5000/track", PublicUrls.From(new PortalOptions { PublicBaseUrl = " " }, development: true).Absolute("/track"));
    }
}
