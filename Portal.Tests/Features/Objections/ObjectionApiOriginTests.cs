using System.Net;
using System.Net.Http.Json;
using System.Text;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// POST /api/v1/objections and /api/v1/objections/track take only what a program or the portal's own pages send:
// JSON (and multipart for a submission), with no Origin or the portal's own. A page on another site can make a
// visitor's browser send a url-encoded, text/plain or multipart post without asking anyone; every such post is
// refused, and it does not use up the visitor's submissions.
public sealed class ObjectionApiOriginTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = WithSubmissionLimit(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private HttpClient Client() => app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

    private static HttpRequestMessage Post(string url, HttpContent content, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    private static FormUrlEncodedContent UrlEncoded(long announcementId, string text) => new(new Dictionary<string, string>
    {
        ["announcementId"] = announcementId.ToString(),
        ["category"] = "Favouritism",
        ["text"] = text,
        ["anonymous"] = "false",
        ["name"] = "王某某",
        ["phone"] = "13800000000",
        ["relation"] = "本村村民",
        ["consent"] = "true",
    });

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string says)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await JsonAsync(response);
        Assert.Contains(says, json.GetProperty("title").GetString());
        Assert.Contains(says, json.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    // The attack of the review: an auto-submitting form on any web page files a named objection in the visitor's name.
    [Fact]
    public async Task Submit_UrlEncodedFromAnotherSite_IsRefusedAndNothingIsSaved()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("跨站");

        var response = await Client().SendAsync(Post("/api/v1/objections", UrlEncoded(open.Id, text), "https://evil.example", "cross-site"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}");
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Submit_UrlEncoded_Is415NamingTheBodyAndItsContentType()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("表单编码");

        var response = await Client().PostAsync("/api/v1/objections", UrlEncoded(open.Id, text), Ct);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "body", "application/x-www-form-urlencoded");
        Assert.Contains("application/json", (await JsonAsync(response)).GetProperty("title").GetString());
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Submit_NoContentType_Is415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));

        var response = await Client().PostAsync("/api/v1/objections", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "body", "multipart/form-data");
    }

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData("http://localhost", null)]       // our host, another scheme
    [InlineData("https://localhost:8443", null)] // our host, another port
    [InlineData("null", null)]                   // a sandboxed frame or a file
    [InlineData(null, "cross-site")]
    public async Task Submit_JsonFromAnotherOrigin_Is403NamingTheOrigin(string? origin, string? fetchSite)
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("跨源");

        var response = await Client().SendAsync(Post("/api/v1/objections", JsonContent.Create(AnonymousBody(open.Id, text)), origin, fetchSite), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "origin", "其他网站");
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Submit_MultipartFromAnotherSite_Is403()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("跨站附件");
        var content = Multipart([("announcementId", open.Id.ToString()), ("category", "Other"), ("text", text), ("anonymous", "true"), ("consent", "true")], "attachments", []);

        var response = await Client().SendAsync(Post("/api/v1/objections", content, "https://evil.example", "cross-site"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Theory]
    [InlineData(null, null)]                      // a program
    [InlineData("https://localhost", "same-origin")] // one of the portal's own pages
    [InlineData(null, "none")]
    public async Task Submit_JsonFromNoOrOurOwnOrigin_IsAccepted(string? origin, string? fetchSite)
    {
        var open = await OpenVillageAsync(app);

        var response = await Client().SendAsync(Post("/api/v1/objections", JsonContent.Create(AnonymousBody(open.Id)), origin, fetchSite), Ct);

        await CreatedAsync(response);
    }

    [Fact]
    public async Task Submit_MultipartFromOurOwnOrigin_IsAccepted()
    {
        var open = await OpenVillageAsync(app);
        var content = Multipart([("announcementId", open.Id.ToString()), ("category", "Other"), ("text", UniqueText()), ("anonymous", "true"), ("consent", "true")],
            "attachments", [new FormFile("photo.png", Png, "image/png")]);

        await CreatedAsync(await Client().SendAsync(Post("/api/v1/objections", content, "https://localhost", "same-origin"), Ct));
    }

    [Fact]
    public async Task Track_UrlEncodedOrFromAnotherSite_IsRefused()
    {
        var open = await OpenVillageAsync(app);
        var receipt = (await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id)))).GetProperty("receipt").GetString()!;

        var urlEncoded = await Client().PostAsync("/api/v1/objections/track", new FormUrlEncodedContent(new Dictionary<string, string> { ["receipt"] = receipt }), Ct);
        var crossSite = await Client().SendAsync(Post("/api/v1/objections/track", JsonContent.Create(new { receipt }), "https://evil.example", "cross-site"), Ct);
        var own = await Client().SendAsync(Post("/api/v1/objections/track", JsonContent.Create(new { receipt }), "https://localhost", "same-origin"), Ct);

        await AssertProblemAsync(urlEncoded, HttpStatusCode.UnsupportedMediaType, "body", "application/x-www-form-urlencoded");
        await AssertProblemAsync(crossSite, HttpStatusCode.Forbidden, "origin", "其他网站");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    // Three an hour here: ten cross-site posts later, the visitor can still file their own.
    [Fact]
    public async Task CrossSitePosts_DoNotUseUpTheVisitorsSubmissions()
    {
        var open = await OpenVillageAsync(app);
        for (var i = 0; i < 10; i++)
        {
            var refused = await Client().SendAsync(Post("/api/v1/objections", JsonContent.Create(AnonymousBody(open.Id)), "https://evil.example", "cross-site"), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(open.Id)));
    }
}
