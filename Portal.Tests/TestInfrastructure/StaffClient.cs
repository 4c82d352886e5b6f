using System.Text.RegularExpressions;

namespace Portal.Tests.TestInfrastructure;

public static partial class StaffClient
{
    // An HTTPS client (the staff cookie is __Host- and Secure) signed in through the real sign-in form.
    public static async Task<HttpClient> SignInAsync(PortalAppFactory app, string? user)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        if (user is null) return client;
        var ct = TestContext.Current.CancellationToken;
        var form = await client.GetStringAsync("/staff/login", ct);
        var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Input.UserName"] = user,
            ["Input.Password"] = PortalAppFactory.StaffPassword,
        }), ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"{user} could not sign in: {response.StatusCode}");
        return client;
    }

    // Signs in over a client that keeps no cookies (a real Kestrel port, plain HTTP) and returns the staff cookie as a
    // Cookie header, so that a test can replay it wherever it likes.
    public static async Task<string> CookieAsync(HttpClient http, string user, CancellationToken ct)
    {
        using var get = await http.GetAsync("/staff/login", ct);
        var antiforgery = string.Join("; ", get.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/staff/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = Token().Match(await get.Content.ReadAsStringAsync(ct)).Groups[1].Value,
                ["Input.UserName"] = user,
                ["Input.Password"] = PortalAppFactory.StaffPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var response = await http.SendAsync(post, ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"{user} could not sign in: {response.StatusCode}");
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-portal-staff=", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
