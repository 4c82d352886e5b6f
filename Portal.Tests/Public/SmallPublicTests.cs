using System.Net;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

// Small things a visitor notices: HEAD answers like GET, the site has an icon, a village's phones can be tapped to call.
public sealed class SmallPublicTests(SmallPublicTests.App app) : IClassFixture<SmallPublicTests.App>
{
    public sealed class App : PortalAppFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/announcements")]
    [InlineData("/api/v1/announcements")]
    [InlineData("/statistics")]
    [InlineData("/favicon.ico")]
    public async Task Head_AnswersLikeGet_WithoutABody(string url)
    {
        var client = app.CreateClient();
        var get = await client.GetAsync(url, Ct);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Ct);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
        // The body of a HEAD answer is not cached as the page.
        Assert.Equal((await get.Content.ReadAsByteArrayAsync(Ct)).Length, (await client.GetByteArrayAsync(url, Ct)).Length);
    }

    [Fact]
    public async Task Pages_LinkTheirIcon_AndTheIconIsServed()
    {
        var html = await app.CreateClient().GetStringAsync("/", Ct);
        var href = System.Text.RegularExpressions.Regex.Match(html, "<link rel=\"icon\" href=\"([^\"]+)\" type=\"image/svg(\\+|&#x2B;)xml\"").Groups[1].Value;

        Assert.NotEmpty(href);
        var icon = await app.CreateClient().GetAsync("/" + href.TrimStart('/'), Ct);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task VillagePage_OfficePhones_AreTapToCallLinksKeptInOnePiece()
    {
        var village = Portal.Features.Demo.DemoDistrict.Townships[0].Villages[0].Code;
        var html = await app.CreateClient().GetStringAsync($"/villages/{village}", Ct);

        var phone = System.Text.RegularExpressions.Regex.Match(html, "<a class=\"phone\" href=\"tel:([0-9+]+)\">([^<]+)</a>");
        Assert.True(phone.Success, "no tap-to-call phone on the village page");
        Assert.Equal(Portal.Features.Assistance.Public.PhoneLink.Dialled(phone.Groups[2].Value), phone.Groups[1].Value);
    }

    [Theory]
    [InlineData("0827-3312345", "08273312345")]
    [InlineData(" +86 827 331 2345 ", "+868273312345")]
    [InlineData("12317", "12317")]
    public void Dialled_KeepsTheDigitsAndALeadingPlus(string written, string dialled) =>
        Assert.Equal(dialled, Portal.Features.Assistance.Public.PhoneLink.Dialled(written));
}
