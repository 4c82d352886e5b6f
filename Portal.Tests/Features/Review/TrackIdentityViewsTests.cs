using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// The complainant's /track page says when their identity was viewed — each time, in Beijing time, in Chinese and in
// English — and never who viewed it, why, or the identity itself.
public sealed class TrackIdentityViewsTests : IAsyncLifetime
{
    private const string Name = "金丝雀查询员戊";
    private const string AskReason = "需要联系实名反映人核实线索";
    private const string ApproveReason = "线索具体，同意联系";

    // 2026-11-28 10:00 Beijing.
    private readonly PortalAppFactory app = new() { FakeClock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = app.Services;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private async Task<StaffActor> ActorAsync(string userName) => (await Get<StaffUserStore>().FindAsync(userName, Ct))!.Actor;

    private async Task<SubmittedObjection> FileNamedAsync()
    {
        var open = await OpenVillageAsync(app);
        var result = await Get<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Favouritism,
            UniqueText("优亲厚友"), false, Name, "13900004444", "本村村民", true, []), null, Ct);
        return result.Accepted!;
    }

    private static async Task<string> TrackAsync(HttpClient client, string receipt, string query = "")
    {
        var token = await TokenAsync(client, "/track" + query);
        var response = await client.PostAsync("/track" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "track",
            ["__RequestVerificationToken"] = token,
            ["Lookup.Receipt"] = receipt,
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task Track_AfterTwoApprovedViews_ListsEachTimeInBeijingTime_WithoutWhoOrWhy()
    {
        var filed = await FileNamedAsync();
        var reveals = Get<IdentityReveals>();
        var inspector = await ActorAsync("inspector");
        Assert.DoesNotContain("身份信息被查看", await TrackAsync(BrowserClient(app), filed.Receipt));

        Assert.True((await reveals.AskAsync(filed.Id, AskReason, inspector, Ct)).IsAllowed);
        Assert.DoesNotContain("身份信息被查看", await TrackAsync(BrowserClient(app), filed.Receipt));
        var request = Assert.Single(await reveals.ForCaseAsync(filed.Id, inspector, Ct));
        Assert.True((await reveals.DecideAsync(request.Id, true, ApproveReason, await ActorAsync("inspector2"), Ct)).IsAllowed);
        app.FakeClock!.Advance(TimeSpan.FromMinutes(15));
        Assert.True((await reveals.ViewAsync(filed.Id, inspector, Ct)).Result.IsAllowed);
        app.FakeClock.Advance(TimeSpan.FromHours(3));
        Assert.True((await reveals.ViewAsync(filed.Id, inspector, Ct)).Result.IsAllowed);

        var html = await TrackAsync(BrowserClient(app), filed.Receipt);

        Assert.Contains("您的身份信息被查看的记录", html);
        Assert.Contains("2026-11-28 10:15</time> （北京时间）", html);
        Assert.Contains("2026-11-28 13:15</time> （北京时间）", html);
        foreach (var hidden in new[] { "inspector", "周明", "李娟", AskReason, ApproveReason, Name, "13900004444" }) Assert.DoesNotContain(hidden, html);

        var english = await TrackAsync(BrowserClient(app), filed.Receipt, "?culture=en");
        Assert.Contains("When your identity was viewed", english);
        Assert.Contains("2026-11-28 10:15</time> (Beijing time)", english);
        // Neither the user names nor the display names of who asked and who approved, nor why.
        foreach (var hidden in new[] { "inspector2", ">inspector<", "周明", "李娟", AskReason, ApproveReason, Name }) Assert.DoesNotContain(hidden, english);
    }

    [Fact]
    public async Task Track_OfAnAnonymousObjection_SaysNothingAboutAnIdentity()
    {
        var open = await OpenVillageAsync(app);
        var json = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id, UniqueText("匿名"), "Favouritism")));

        var html = await TrackAsync(BrowserClient(app), json.GetProperty("receipt").GetString()!);

        Assert.DoesNotContain("身份信息被查看", html);
    }
}
