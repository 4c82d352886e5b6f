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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
