using System.Net;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Infrastructure;

// Production never answers 500 to a bad form: a post without a valid antiforgery token, or a form page reached over
// plain HTTP (no TLS, or a TLS proxy that ForwardedHeaders:KnownProxies does not name), is a 400 page in the site's
// layout that says what went wrong.
public sealed class BadFormTests : IAsyncLifetime
{
    private readonly PortalAppFactory seeded = new();
    private ProductionAppFactory app = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ = seeded.Services; // seeds the demo district, which Production never does
        app = ProductionAppFactory.Over(seeded);
        await ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await seeded.DisposeAsync();
    }

    private static async Task<string> LayoutPageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(300, html.Length)]}");
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        // The site's own layout: its header with the language switch, not a line of text for developers.
        Assert.Contains("class=\"lang-switch\"", html);
        Assert.DoesNotContain("Exception", html);
        return html;
    }

    [Fact]
    public async Task ReceiptPdf_PostedWithoutAntiforgeryToken_IsA400PageInTheLayout()
    {
        var response = await app.HttpsClient().PostAsync("/objections/receipt.pdf",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["receipt"] = "1234567812345678" }), Ct);

        var html = await LayoutPageAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("请求无法处理", html);
        Assert.Contains("表单已过期或不完整", html);
        Assert.DoesNotContain("出错了", html);
    }

    [Fact]
    public async Task ReceiptPdf_PostedWithAWrongToken_IsA400PageInTheLayout()
    {
        var client = app.HttpsClient();
        var token = await TokenAsync(client, "/track");

        var response = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token[..^4] + "AAAA",
            ["receipt"] = "1234567812345678",
        }), Ct);

        Assert.Contains("请求无法处理", await LayoutPageAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task TrackForm_PostedWithoutAntiforgeryToken_IsA400PageInTheLayout()
    {
        var response = await app.HttpsClient().PostAsync("/track",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "track", ["Lookup.Receipt"] = "1234 5678 1234 5678" }), Ct);

        Assert.Contains("请求无法处理", await LayoutPageAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task FormPages_OverPlainHttp_Are400PagesThatSayHttpsIsNeeded()
    {
        var open = await OpenVillageAsync(seeded);
        var client = app.PlainHttpClient();

        foreach (var url in new[] { "/track", FormUrl(open.Id), "/staff/login" })
        {
            var html = await LayoutPageAsync(await client.GetAsync(url, Ct), HttpStatusCode.BadRequest);
            Assert.Contains("此页面需要安全连接（HTTPS）", html);
            Assert.Contains("ForwardedHeaders:KnownProxies", html);
        }
        var posted = await client.PostAsync("/track",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "track", ["Lookup.Receipt"] = "1234 5678 1234 5678" }), Ct);
        Assert.Contains("此页面需要安全连接（HTTPS）", await LayoutPageAsync(posted, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task FormPages_OverHttps_StillWork()
    {
        var open = await OpenVillageAsync(seeded);
        var client = app.HttpsClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/track", Ct)).StatusCode);
        var response = await PostObjectionFormAsync(client, open.Id, AnonymousFields());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("异议已受理", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task PlainHttpRequest_WithoutAKnownProxy_IsWarnedAboutOnceInTheLog()
    {
        var client = app.PlainHttpClient();
        Assert.Empty(Warnings());

        await client.GetAsync("/track", Ct);
        await client.GetAsync("/track", Ct);

        var warning = Assert.Single(Warnings());
        Assert.Contains("ForwardedHeaders:KnownProxies", warning);
        Assert.Contains("HTTPS", warning);
    }

    [Fact]
    public async Task HttpsRequests_AreNotWarnedAbout()
    {
        await app.HttpsClient().GetAsync("/track", Ct);

        Assert.Empty(Warnings());
    }

    private List<string> Warnings() => app.Logs.Messages.Where(m => m.StartsWith("Warning", StringComparison.Ordinal) && m.Contains(ErrorPages.PlainHttpWarning)).ToList();
}
