using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// The static sign-in page as a browser without JavaScript uses it: a plain form post.
public sealed partial class SignInPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() =>
        app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    private HttpClient ClientFrom(string address)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(PortalAppFactory.AddressHeader, address);
        return client;
    }

    private static async Task<string> RefusalAsync(HttpClient client, string user, string password)
    {
        var response = await PostSignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Alert().Match(await response.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
    }

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
        Assert.DoesNotContain("锁定", html);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("__Host-portal-staff", StringComparison.Ordinal));
        Assert.Contains("value=\"guihua.clerk\"", html);
        Assert.DoesNotContain("not-the-password", html);
    }

    [Fact]
    public async Task SignIn_UnknownNameWrongPasswordAndLockedAccount_GetTheSameAnswer()
    {
        var client = ClientFrom("203.0.113.50");

        var unknown = await RefusalAsync(client, "no.such.user", "not-the-password");
        var wrong = await RefusalAsync(client, "jiuzhen.reviewer", "not-the-password");
        for (var i = 0; i < 5; i++) await RefusalAsync(client, "jiuzhen.reviewer", "not-the-password");
        var locked = await RefusalAsync(client, "jiuzhen.reviewer", PortalAppFactory.StaffPassword);

        Assert.NotEmpty(unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
    }

    [Fact]
    public async Task SignIn_LockedFromAnotherAddress_TheOwnerStillSignsIn()
    {
        var attacker = ClientFrom("198.51.100.66");
        for (var i = 0; i < 8; i++) await RefusalAsync(attacker, "liulin.reviewer", "not-the-password");

        var owner = await PostSignInAsync(ClientFrom("2001:db8:77::5"), "liulin.reviewer", PortalAppFactory.StaffPassword);

        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task SignIn_FromOneIPv6Slash64_IsThrottledAsOneAddress()
    {
        for (var i = 0; i < 5; i++) await RefusalAsync(ClientFrom($"2001:db8:99:1::{i + 1}"), "guanyinjing.reviewer", "not-the-password");

        var sameNetwork = await PostSignInAsync(ClientFrom("2001:db8:99:1:aaaa::9"), "guanyinjing.reviewer", PortalAppFactory.StaffPassword);
        var otherNetwork = await PostSignInAsync(ClientFrom("2001:db8:99:2::1"), "guanyinjing.reviewer", PortalAppFactory.StaffPassword);

        Assert.Equal(HttpStatusCode.OK, sameNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, otherNetwork.StatusCode);
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

    [GeneratedRegex("role=\"alert\">([^<]+)<")]
    private static partial Regex Alert();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
