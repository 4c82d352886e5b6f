using System.Globalization;
using System.Net;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.Public.ObjectionTestKit;

namespace Portal.Tests.Public;

// Limits:ObjectionsPerHourPerAddress = 10: the eleventh submission in an hour from one address is refused, whichever
// way it comes in. One app per test, so that each starts with a fresh count.
public sealed class ObjectionSubmissionLimitTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new()
    {
        Settings = new()
        {
            ["Limits:ObjectionsPerHourPerAddress"] = "10",
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "1000",
        },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "no Retry-After header");
        var seconds = int.Parse(Assert.Single(values), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 3600);
    }

    private async Task SubmitTenAsync(long announcementId)
    {
        var client = app.CreateClient();
        for (var i = 0; i < 10; i++) await CreatedAsync(await PostApiAsync(client, AnonymousBody(announcementId)));
    }

    [Fact]
    public async Task Api_EleventhSubmissionInAnHour_Returns429WithRetryAfterAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        await SubmitTenAsync(open.Id);
        var text = UniqueText("第十一件");

        var response = await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, text));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        AssertRetryAfter(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("提交太频繁，请约", (await JsonAsync(response)).GetProperty("title").GetString());
        Assert.Equal(0, RowsWithText(app, text));
        Assert.Equal(10, ObjectionRows(app.DatabaseFile, open.Id));
    }

    // The form and the API share the count: after ten by the API, the form is refused too.
    [Fact]
    public async Task Form_AfterTenSubmissionsByTheApi_Returns429PageWithRetryAfterAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        await SubmitTenAsync(open.Id);
        var text = UniqueText("表单第十一件");

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields(text));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        AssertRetryAfter(response);
        Assert.Contains("提交太频繁，请约", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    // Reading the form is not submitting: GETs never count.
    [Fact]
    public async Task Form_ReadManyTimes_DoesNotCountAgainstTheLimit()
    {
        var open = await OpenVillageAsync(app);
        var client = BrowserClient(app);
        for (var i = 0; i < 15; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(FormUrl(open.Id), Ct)).StatusCode);

        await SubmitTenAsync(open.Id);
    }
}
