using System.Net;
using System.Net.Http.Headers;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// A body over Limits:RequestBytes (here 5 × 1,000 bytes of attachments plus 256 KB for the fields) is refused with
// 413 and a message before it is read, on the API and the form alike.
public sealed class ObjectionRequestSizeTests : IAsyncLifetime
{
    private const int TooBig = 300 * 1024;

    private readonly PortalAppFactory app = new()
    {
        Settings = new()
        {
            ["Limits:AttachmentBytes"] = "1000",
            ["Limits:ObjectionsPerHourPerAddress"] = "1000",
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "1000",
        },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static byte[] BigPng()
    {
        var bytes = new byte[TooBig];
        Png.CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public async Task Api_BodyOverTheLimit_Returns413WithAMessageAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("太大");

        var response = await PostApiMultipartAsync(app.CreateClient(), open.Id, text, [new FormFile("big.png", BigPng(), "image/png")]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("提交的内容太大", (await JsonAsync(response)).GetProperty("title").GetString());
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Form_BodyOverTheLimit_Returns413PageWithAMessageAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("表单太大");

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields(text), [new FormFile("big.png", BigPng(), "image/png")]);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("提交的内容太大", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Api_DeclaredContentLengthOverTheLimit_IsRefusedBeforeTheBodyIsRead()
    {
        var open = await OpenVillageAsync(app);
        var body = new ByteArrayContent(new byte[TooBig]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await app.CreateClient().PostAsync("/api/v1/objections", body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(TooBig, body.Headers.ContentLength);
        Assert.StartsWith("提交的内容太大", (await JsonAsync(response)).GetProperty("title").GetString());
        Assert.Equal(0, ObjectionRows(app.DatabaseFile, open.Id));
    }

    // Under the request limit, a file over the attachment limit is refused naming the file.
    [Fact]
    public async Task Api_AttachmentOverItsLimitInASmallRequest_Returns400NamingTheFile()
    {
        var open = await OpenVillageAsync(app);
        var bytes = new byte[2000];
        Png.CopyTo(bytes, 0);

        var response = await PostApiMultipartAsync(app.CreateClient(), open.Id, UniqueText(), [new FormFile("稍大的照片.png", bytes, "image/png")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("附件“稍大的照片.png”超过", (await JsonAsync(response)).GetProperty("errors").GetProperty("attachments")[0].GetString());
    }
}
