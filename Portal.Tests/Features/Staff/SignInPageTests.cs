using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Staff;

// The static sign-in page as a browser without JavaScript uses it: a plain form post.
public sealed partial class SignInPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() =>
        app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/staff/login", Ct);
        var token = Token().Match(form).Groups[1].Value;
        return await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
            ["Input.ReturnUrl"] = "/staff/announcements",
        }), Ct);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsASecureHostCookieAndOpensTheStaffArea()
    {
        var client = Client();

        var response = await PostSignInAsync(client, "district.reviewer", PortalAppFactory.StaffPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/announcements", response.Headers.Location?.AbsolutePath);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-portal-staff=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        var staff = await client.GetAsync("/staff/announcements", Ct);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoAndSetsNoCookie()
    {
        var response = await PostSignInAsync(Client(), "guihua.clerk", "not-the-password");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", html);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("__Host-portal-staff", StringComparison.Ordinal));
        Assert.Contains("value=\"guihua.clerk\"", html);
        Assert.DoesNotContain("not-the-password", html);
    }

    [Fact]
    public async Task SignIn_ForeignReturnUrl_GoesToTheStaffHomeInstead()
    {
        var client = Client();
        var form = await client.GetStringAsync("/staff/login", Ct);
        var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Input.UserName"] = "inspector",
            ["Input.Password"] = PortalAppFactory.StaffPassword,
            ["Input.ReturnUrl"] = "//evil.example/",
        }), Ct);

        Assert.Equal("https://localhost/staff", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_ClearsTheCookie()
    {
        var client = Client();
        await PostSignInAsync(client, "admin", PortalAppFactory.StaffPassword);
        var page = await client.GetStringAsync("/staff/login", Ct);

        var response = await client.PostAsync("/staff/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }), Ct);
        var after = await client.GetAsync("/staff/announcements", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/staff/login", after.Headers.Location?.PathAndQuery);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
