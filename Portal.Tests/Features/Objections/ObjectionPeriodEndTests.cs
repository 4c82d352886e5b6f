using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// The portal on a clock the test moves: a person opens the form while the period runs and sends it one second
// before, or one second after, 24:00 (Asia/Shanghai) of the end date. One app per test, as the clock only goes forward.
public sealed class ObjectionPeriodEndTests : IAsyncLifetime
{
    private readonly ObjectionClockAppFactory app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<Announcement> OpenAsync()
    {
        var open = (await PublicAsync(app)).First(a => a.Stage == AnnouncementStage.VillagePublicity
            && AnnouncementRules.IsOpenForObjections(a, app.Clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromHours(8), open.Period!.EndsAt.Offset);
        return open;
    }

    [Fact]
    public async Task Form_OpenedInTimeAndSentOneSecondBeforeTheEnd_IsAccepted()
    {
        var open = await OpenAsync();
        var client = BrowserClient(app);
        var token = await TokenAsync(client, FormUrl(open.Id));
        var text = UniqueText("最后一秒");
        app.Clock.SetUtcNow(open.Period!.EndsAt.AddSeconds(-1));

        var response = await PostObjectionFormAsync(client, open.Id, AnonymousFields(text), token: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("异议已受理", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, RowsWithText(app, text));
    }

    [Fact]
    public async Task Form_OpenedInTimeAndSentOneSecondAfterTheEnd_Returns409WithThePeriodAndSavesNothing()
    {
        var open = await OpenAsync();
        var client = BrowserClient(app);
        var token = await TokenAsync(client, FormUrl(open.Id));
        var text = UniqueText("晚了一秒");
        app.Clock.SetUtcNow(open.Period!.EndsAt.AddSeconds(1));

        var response = await PostObjectionFormAsync(client, open.Id, AnonymousFields(text), token: token);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(0, RowsWithText(app, text));
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {html[..Math.Min(200, html.Length)]}");
        Assert.Contains($"只在公示期内（{AnnouncementText.Date(open.PeriodStart!.Value)} 至 {AnnouncementText.Date(open.PeriodEnd!.Value)}", html);
    }

    [Fact]
    public async Task Api_OneSecondBeforeTheEnd_Returns201()
    {
        var open = await OpenAsync();
        app.Clock.SetUtcNow(open.Period!.EndsAt.AddSeconds(-1));

        await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)));
    }

    [Fact]
    public async Task Api_OneSecondAfterTheEnd_Returns409NamingThePeriodAndSavesNothing()
    {
        var open = await OpenAsync();
        var text = UniqueText("接口晚了一秒");
        app.Clock.SetUtcNow(open.Period!.EndsAt.AddSeconds(1));

        var response = await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, text));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var title = (await JsonAsync(response)).GetProperty("title").GetString();
        Assert.Contains($"{AnnouncementText.Date(open.PeriodStart!.Value)} 至 {AnnouncementText.Date(open.PeriodEnd!.Value)}", title);
        Assert.Equal(0, RowsWithText(app, text));
    }
}

// The portal with every "now" from a FakeTimeProvider that starts at the real time.
public sealed class ObjectionClockAppFactory : PortalAppFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
