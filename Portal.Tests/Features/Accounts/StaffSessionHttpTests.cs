using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// A staff cookie is worth only as much as the session it names: a copy of it, replayed after the session ended,
// opens nothing.
public sealed partial class StaffSessionHttpTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new() { FakeClock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
    private HttpClient http = default!;
    private long caseId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        http = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        caseId = await StaffCases.SubmitAsync(app, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    private string CaseUrl => $"/staff/objections/{caseId}";

    private async Task<HttpResponseMessage> GetAsync(string url, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request, Ct);
    }

    private async Task AssertOpensAsync(string cookie) => Assert.Equal(HttpStatusCode.OK, (await GetAsync(CaseUrl, cookie)).StatusCode);

    private async Task AssertSentToSignInAsync(string cookie)
    {
        var response = await GetAsync(CaseUrl, cookie);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/login", response.Headers.Location?.PathAndQuery);
    }

    // The sign-out button as the staff layout renders it: the token of its form, with the antiforgery cookie it goes with.
    private async Task<HttpResponseMessage> PostSignOutAsync(string cookie, bool withToken)
    {
        var page = await GetAsync("/staff", cookie);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("antiforgery=", StringComparison.Ordinal));
        var token = Token().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
        Assert.NotEmpty(token);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/staff/logout")
        {
            Content = new FormUrlEncodedContent(withToken ? new Dictionary<string, string> { ["__RequestVerificationToken"] = token } : []),
        };
        post.Headers.Add("Cookie", $"{cookie}; {antiforgery}");
        return await http.SendAsync(post, Ct);
    }

    [Fact]
    public async Task Deactivation_TheSavedCookie_NoLongerOpensTheCasePage()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);
        await AssertOpensAsync(cookie);

        await StaffCases.DeactivateAsync(app, StaffCases.Reviewer, Ct);

        await AssertSentToSignInAsync(cookie);
    }

    [Fact]
    public async Task SignOut_TheSavedCookieReplayedAfterwards_OpensNothing()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);
        await AssertOpensAsync(cookie);

        var response = await PostSignOutAsync(cookie, withToken: true);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AssertSentToSignInAsync(cookie);
    }

    [Fact]
    public async Task SignOut_PostedWithoutTheAntiforgeryToken_Is400AndSignsNoOneOut()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);

        var response = await PostSignOutAsync(cookie, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertOpensAsync(cookie);
    }

    [Fact]
    public async Task Idle_ThirtyMinutesWithoutARequest_EndTheSession_WhileRequestsKeepItGoing()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);

        app.FakeClock!.Advance(TimeSpan.FromMinutes(29));
        await AssertOpensAsync(cookie);
        app.FakeClock.Advance(TimeSpan.FromMinutes(29));
        await AssertOpensAsync(cookie);
        app.FakeClock.Advance(TimeSpan.FromMinutes(30));

        await AssertSentToSignInAsync(cookie);
    }

    [Fact]
    public async Task SignIn_SentThereFromACasePage_ComesBackToTheCasePage()
    {
        var sent = await http.GetAsync(CaseUrl, Ct);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var login = sent.Headers.Location!.PathAndQuery;
        Assert.Equal($"/staff/login?ReturnUrl=%2Fstaff%2Fobjections%2F{caseId}", login);

        var form = await http.GetAsync(login, Ct);
        var html = await form.Content.ReadAsStringAsync(Ct);
        using var post = new HttpRequestMessage(HttpMethod.Post, login)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
                ["Input.UserName"] = StaffCases.Reviewer,
                ["Input.Password"] = PortalAppFactory.StaffPassword,
                ["Input.ReturnUrl"] = ReturnUrlField().Match(html).Groups[1].Value,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var response = await http.SendAsync(post, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CaseUrl, response.Headers.Location?.AbsolutePath);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Input.ReturnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
