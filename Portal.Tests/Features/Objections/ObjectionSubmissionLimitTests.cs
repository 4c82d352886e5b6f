using System.Globalization;
using System.Net;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

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

    // The form and the API share the count: after ten by the API, the form is refused too — and comes back in the
    // site's layout, filled in as it was sent, with the wait and a word that chosen photos must be chosen again.
    [Fact]
    public async Task Form_AfterTenSubmissionsByTheApi_Returns429WithTheFormFilledInTheLayoutAndSavesNothing()
    {
        var open = await OpenVillageAsync(app);
        await SubmitTenAsync(open.Id);
        var text = UniqueText("表单第十一件");

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields(text), [new FormFile("photo.png", Png, "image/png")]);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        AssertRetryAfter(response);
        Assert.Matches("提交太频繁，请约 [0-9]+ 分钟后再试", html);
        Assert.Contains($">{text}</textarea>", html);
        Assert.Contains("浏览器不会保留已选的附件，请重新选择", html);
        Assert.Contains("class=\"site-header\"", html);
        Assert.Contains("<link rel=\"stylesheet\"", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    // A mistake costs nothing: refused submissions, by the form or the API, leave the whole allowance.
    [Fact]
    public async Task ValidationFailures_ManyFromOneAddress_DoNotCountAgainstTheLimit()
    {
        var open = await OpenVillageAsync(app);
        var browser = BrowserClient(app);
        var api = app.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await PostObjectionFormAsync(browser, open.Id, AnonymousFields("太短"))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostApiAsync(api, AnonymousBody(open.Id, "太短"))).StatusCode);
        }

        await SubmitTenAsync(open.Id);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostApiAsync(api, AnonymousBody(open.Id))).StatusCode);
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

// The default allowance: a village of 50 behind one address (carrier NAT, the committee's Wi-Fi, a clerk's phone at a
// meeting) files its 50 objections within the hour, and a script from that address is still stopped at the allowance.
public sealed class ObjectionVillageAllowanceTests : IAsyncLifetime
{
    private static readonly int Default = new Portal.Features.Objections.LimitsOptions().ObjectionsPerHourPerAddress;

    private readonly PortalAppFactory app = WithSubmissionLimit(Default);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task FiftyVillagersBehindOneAddress_AllAccepted_AndAScriptIsStoppedAtTheDefaultAllowance()
    {
        var open = await OpenVillageAsync(app);
        var browser = BrowserClient(app);
        for (var i = 0; i < 25; i++)
        {
            var form = await PostObjectionFormAsync(browser, open.Id, AnonymousFields());
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)));
        }
        Assert.Equal(50, ObjectionRows(app.DatabaseFile, open.Id));

        var script = app.CreateClient();
        var accepted = 50;
        HttpResponseMessage last;
        while ((last = await PostApiAsync(script, AnonymousBody(open.Id))).StatusCode == HttpStatusCode.Created && accepted < 1000) accepted++;

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.True(last.Headers.Contains("Retry-After"));
        Assert.Equal(Default, accepted);
        Assert.InRange(Default, 50, 200);
    }
}
