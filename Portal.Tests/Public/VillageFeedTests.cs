using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

// Issue 19, must have 7: a feed per village, for the village's group chat and notice board, linked from its page.
public sealed class VillageFeedTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly PortalAppFactory app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task VillageFeed_ListsEveryPublicAnnouncementOfTheVillage_AndNoOther()
    {
        var village = DemoDistrict.Townships[0].Villages[0];
        var expected = (await app.Services.GetRequiredService<AnnouncementStore>().SearchAsync(new AnnouncementQuery(VillageCode: village.Code, PageSize: 50), Ct)).Items;
        Assert.NotEmpty(expected);

        var response = await app.CreateClient().GetAsync($"/villages/{village.Code}/feed.atom", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Contains(village.Name, feed.Element(Atom + "title")!.Value);
        Assert.EndsWith($"/villages/{village.Code}", feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value);
        var linked = feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "link")!.Attribute("href")!.Value).ToList();
        Assert.Equal(expected.Select(a => $"{PortalAppFactory.PublicBaseUrl}/announcements/{a.Id}"), linked);
    }

    [Theory]
    [InlineData("511903100000")]   // a township
    [InlineData("511903999201")]   // no such village
    public async Task Feed_OfWhatIsNotAVillage_IsNotFound(string code)
    {
        var response = await app.CreateClient().GetAsync($"/villages/{code}/feed.atom", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task VillagePage_LinksToItsFeed_ForReadersAndFeedReaders()
    {
        var village = DemoDistrict.Townships[0].Villages[0].Code;

        var page = await app.CreateClient().GetStringAsync($"/villages/{village}", Ct);

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        var alternate = Assert.Single(document.QuerySelectorAll("head link[rel=alternate]"));
        Assert.Equal(("application/atom+xml", $"/villages/{village}/feed.atom"), (alternate.GetAttribute("type"), alternate.GetAttribute("href")));
        Assert.Single(document.QuerySelectorAll($"main a[href='/villages/{village}/feed.atom']"));
    }
}
