using System.Globalization;
using System.Net;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// Limits:FailedTrackLookupsPerHourPerAddress = 10: after ten wrong receipts in an hour the address's wrong receipts
// wait, on the page and the API alike; a right receipt is always answered. One app per test, so that each starts with a fresh count.
public sealed class ObjectionTrackLimitTests : IAsyncLifetime
{
    private const string WrongReceipt = "1111 2222 3333 4444";

    private readonly PortalAppFactory app = new()
    {
        Settings = new()
        {
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "10",
            ["Limits:ObjectionsPerHourPerAddress"] = "1000",
        },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<string> ReceiptAsync()
    {
        var open = await OpenVillageAsync(app);
        return (await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)))).GetProperty("receipt").GetString()!;
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "no Retry-After header");
        var seconds = int.Parse(Assert.Single(values), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 3600);
    }

    [Fact]
    public async Task TrackPage_EleventhWrongReceipt_Returns429WithRetryAfter()
    {
        await ReceiptAsync();
        var client = BrowserClient(app);
        for (var i = 0; i < 10; i++)
        {
            var wrong = await PostTrackFormAsync(client, WrongReceipt);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, wrong.StatusCode);
        }

        var blocked = await PostTrackFormAsync(client, "5555 6666 7777 8888");
        var html = await blocked.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        AssertRetryAfter(blocked);
        Assert.Contains("查询失败次数过多，请约", html);
    }

    // Villagers share an address: a neighbour's ten typing mistakes must not lock anyone out of their own case.
    [Fact]
    public async Task TrackPage_RightReceiptAfterTenWrongOnesFromTheSameAddress_ShowsTheCase()
    {
        var receipt = await ReceiptAsync();
        var client = BrowserClient(app);
        for (var i = 0; i < 11; i++) await PostTrackFormAsync(client, WrongReceipt);

        var response = await PostTrackFormAsync(client, receipt);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("objection-text", html);
        Assert.DoesNotContain("查询失败次数过多", html);
    }

    [Fact]
    public async Task TrackApi_AfterTenWrongReceipts_WrongOnesGet429AndTheRightOneIsAnswered()
    {
        var receipt = await ReceiptAsync();
        var client = app.CreateClient();
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.NotFound, (await TrackApiAsync(client, WrongReceipt)).StatusCode);

        var blocked = await TrackApiAsync(client, WrongReceipt);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        AssertRetryAfter(blocked);
        Assert.StartsWith("查询失败次数过多，请约", (await JsonAsync(blocked)).GetProperty("title").GetString());

        var right = await TrackApiAsync(client, receipt);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("caseNumber", await right.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Track_FailuresOnThePageAndTheApi_CountTogether()
    {
        await ReceiptAsync();
        var browser = BrowserClient(app);
        var api = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await PostTrackFormAsync(browser, WrongReceipt);
            await TrackApiAsync(api, WrongReceipt);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TrackApiAsync(api, WrongReceipt)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostTrackFormAsync(browser, WrongReceipt)).StatusCode);
    }

    [Fact]
    public async Task Track_NineWrongReceipts_StillFindTheRightOne()
    {
        var receipt = await ReceiptAsync();
        var client = app.CreateClient();
        for (var i = 0; i < 9; i++) await TrackApiAsync(client, WrongReceipt);

        Assert.Equal(HttpStatusCode.OK, (await TrackApiAsync(client, receipt)).StatusCode);
    }
}
