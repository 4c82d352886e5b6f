using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Review;

// The follow-up questions on /track as a browser without JavaScript posts them (the receipt in the body, the page's
// antiforgery token), and POST /api/v1/objections/followup.
public sealed class TrackFollowUpTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Reason = "答复说该户符合条件，但他家在城里有商品房和小汽车，请上级复核。";
    private const string Thanks = "感谢您的回答，已记录如下。";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostFollowUpAsync(HttpClient client, string token, string receipt, string resolved, string satisfied, string? appealText = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "followup",
            ["__RequestVerificationToken"] = token,
            ["FollowUp.Receipt"] = receipt,
            ["FollowUp.Resolved"] = resolved,
            ["FollowUp.Satisfied"] = satisfied,
        };
        if (appealText is not null) fields["FollowUp.AppealText"] = appealText;
        return client.PostAsync("/track", new FormUrlEncodedContent(fields), Ct);
    }

    private static Task<HttpResponseMessage> PostApiAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/objections/followup", body, Ct);

    private async Task<(HttpClient Client, string Page)> TrackAsync(string receipt)
    {
        var client = BrowserClient(app);
        var response = await PostTrackFormAsync(client, receipt);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        return (client, page);
    }

    private long StoredAnswers(long objectionId) =>
        Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM CaseFollowUp WHERE ObjectionId = $o", ("$o", objectionId));

    [Fact]
    public async Task Track_RepliedCase_OffersTwoRadioQuestionsInAStaticForm()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);

        var (_, page) = await TrackAsync(filed.Receipt);

        Assert.Contains("<legend>您反映的问题解决了吗？</legend>", page);
        Assert.Contains("<legend>您对处理结果满意吗？</legend>", page);
        Assert.Matches("<input type=\"radio\" id=\"resolved-no\" name=\"FollowUp.Resolved\" value=\"no\"", page);
        Assert.Matches("<input type=\"radio\" id=\"satisfied-skip\" name=\"FollowUp.Satisfied\" value checked", page);
        Assert.Contains("<input type=\"hidden\" name=\"_handler\" value=\"followup\"", page);
        // Said before it happens: "No" is the appeal, with its reason.
        Assert.Contains("第一个问题选“否”即直接申请复核", page);
        Assert.Contains("id=\"followup-appeal\" name=\"FollowUp.AppealText\"", page);
        Assert.DoesNotContain("receipt=", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Track_CaseNotYetReplied_OffersNoQuestions()
    {
        var filed = await StaffCases.FileAsync(app, Ct);

        var (_, page) = await TrackAsync(filed.Receipt);

        Assert.DoesNotContain("FollowUp.Resolved", page);
        Assert.DoesNotContain("回访", page);
    }

    [Fact]
    public async Task FollowUpForm_WithoutJavaScript_RecordsTheAnswersThanksAndIsNotOfferedAgain()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);
        var (client, page) = await TrackAsync(filed.Receipt);

        var response = await PostFollowUpAsync(client, Token(page), ObjectionRules.Grouped(filed.Receipt), "yes", "no");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains(Thanks, html);
        Assert.Contains("<div><dt>您反映的问题解决了吗？</dt><dd>是</dd></div>", html);
        Assert.Contains("<div><dt>您对处理结果满意吗？</dt><dd>否</dd></div>", html);
        Assert.DoesNotContain("name=\"FollowUp.Resolved\"", html);
        Assert.Equal(1, StoredAnswers(filed.Id));

        // A second post of the same form: refused, the first answer shown as it was recorded.
        var again = await PostFollowUpAsync(client, Token(html), filed.Receipt, "no", "yes", Reason);
        var againHtml = await again.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("这件异议已经回答过回访问题", againHtml);
        Assert.Contains("<dd>是</dd>", againHtml);
        Assert.Equal(ObjectionState.Replied, (await app.Services.GetRequiredService<ObjectionStore>().GetAsync(filed.Id, Ct))!.State);
    }

    [Fact]
    public async Task FollowUpForm_NothingAnswered_AsksForOneAndStoresNothing()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);
        var (client, page) = await TrackAsync(filed.Receipt);

        var response = await PostFollowUpAsync(client, Token(page), filed.Receipt, "", "");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"resolved-error\">请至少回答一个问题。</p>", html);
        Assert.Equal(0, StoredAnswers(filed.Id));
    }

    [Fact]
    public async Task FollowUpForm_NotResolvedInsideTheWindow_AsksTheReasonThenOpensTheAppeal()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct, reject: true);
        var (client, page) = await TrackAsync(filed.Receipt);

        var tooShort = await PostFollowUpAsync(client, Token(page), filed.Receipt, "no", "no", "不满意");
        var tooShortHtml = await tooShort.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("id=\"appealText-error\">请写明申请复核的理由", tooShortHtml);
        Assert.Contains(">不满意</textarea>", tooShortHtml);
        Assert.Matches("name=\"FollowUp.Resolved\" value=\"no\" checked", tooShortHtml);
        Assert.Equal(0, StoredAnswers(filed.Id));

        var response = await PostFollowUpAsync(client, Token(tooShortHtml), filed.Receipt, "no", "no", Reason);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains(Thanks, html);
        Assert.Contains("您回答问题未解决，已据此申请复核，案件已转上一级办理。", html);
        Assert.Contains("<span class=\"badge status-published\">已提交上级复核</span>", html);
        Assert.Contains($"<p class=\"message\">{Reason}</p>", html);
        var district = (await app.Services.GetRequiredService<StaffUserStore>().FindAsync("district.reviewer", Ct))!.Actor;
        var escalated = Assert.Single(await app.Services.GetRequiredService<ReviewStore>().OpenCasesAsync(district, Ct), c => c.Id == filed.Id);
        Assert.Equal((ObjectionState.Escalated, ReviewQueue.District), (escalated.State, escalated.Queue));
    }

    [Fact]
    public async Task Api_FollowUp_RecordsTheAnswersAndTheCaseState()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);

        var response = await PostApiAsync(app.CreateClient(), new { receipt = filed.Receipt, resolved = true, satisfied = true });
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Replied", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("resolved").GetBoolean());
        Assert.True(json.GetProperty("satisfied").GetBoolean());
        Assert.False(json.GetProperty("openedAppeal").GetBoolean());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Api_NotResolvedInsideTheWindow_OpensTheAppeal()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);

        var json = await JsonAsync(await PostApiAsync(app.CreateClient(), new { receipt = filed.Receipt, resolved = false, appealText = Reason }));

        Assert.Equal("Escalated", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("openedAppeal").GetBoolean());
        Assert.Equal(JsonValueKindNull, json.GetProperty("satisfied").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("""{"resolved":"maybe"}""", "resolved")]
    [InlineData("""{}""", "resolved")]
    [InlineData("""{"resolved":false,"appealText":"不满意"}""", "appealText")]
    public async Task Api_BadInput_Is400NamingTheField(string answers, string field)
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);
        var body = $"{{\"receipt\":\"{filed.Receipt}\",{answers.TrimStart('{')}".Replace(",}", "}");

        var response = await app.CreateClient().PostAsync("/api/v1/objections/followup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), json.ToString());
        Assert.Equal(0, StoredAnswers(filed.Id));
    }

    [Fact]
    public async Task Api_WrongReceipt_Is404NamingTheReceipt()
    {
        var response = await PostApiAsync(app.CreateClient(), new { receipt = "1111 2222 3333 4444", resolved = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("receipt", out _));
    }

    // Six requests for one case at once: one answer kept, the others told it was answered already.
    [Fact]
    public async Task Api_SixAnswersAtOnce_OneIsKeptTheOthersAre409()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            PostApiAsync(app.CreateClient(), new { receipt = filed.Receipt, resolved = true, satisfied = i % 2 == 0 })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, StoredAnswers(filed.Id));
    }

    // A page on another site cannot answer for the visitor: no url-encoded body, no cross-site post.
    [Fact]
    public async Task Api_UrlEncodedOrFromAnotherSite_IsRefusedAndNothingIsStored()
    {
        var filed = await StaffCases.RepliedAsync(app, Ct);
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objections/followup") { Content = JsonContent.Create(new { receipt = filed.Receipt, resolved = true }) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");

        var urlEncoded = await app.CreateClient().PostAsync("/api/v1/objections/followup",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["receipt"] = filed.Receipt, ["resolved"] = "true" }), Ct);
        var refused = await app.CreateClient().SendAsync(crossSite, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, urlEncoded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, StoredAnswers(filed.Id));
    }

    [Fact]
    public async Task Api_CaseNotYetReplied_Is409()
    {
        var filed = await StaffCases.FileAsync(app, Ct);

        var response = await PostApiAsync(app.CreateClient(), new { receipt = filed.Receipt, resolved = true });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, StoredAnswers(filed.Id));
    }
}

// Limits:FailedTrackLookupsPerHourPerAddress = 3: the follow-up API counts wrong receipts with the track page and API.
public sealed class FollowUpLimitTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new()
    {
        Settings = new()
        {
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "3",
            ["Limits:ObjectionsPerHourPerAddress"] = "1000",
        },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Api_FourthWrongReceipt_Is429WithRetryAfter()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/objections/followup", new { receipt = $"1111 2222 3333 444{i}", resolved = true }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        var blocked = await client.PostAsJsonAsync("/api/v1/objections/followup", new { receipt = "5555 6666 7777 8888", resolved = true }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.Contains("Retry-After"));
    }
}
