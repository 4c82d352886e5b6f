using System.Net;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class SecurityHeadersTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Urls => new()
    {
        "/", "/announcements", "/announcements/1", "/open-data", "/track", "/audit", "/statistics", "/api/v1/announcements", "/healthz",
        "/staff/login", "/staff", "/feeds/announcements.atom", "/site.css", "/no-such-page",
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task EveryResponse_CarriesThePolicyAndNosniff(string url)
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url, Ct);
        var csp = string.Join(";", response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v : []);

        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/track")]
    [InlineData("/staff/login")]
    [InlineData("/staff")]
    public async Task StaffAndTrackingPages_AreNotStored(string url)
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url, Ct);

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Trace_IsRefused()
    {
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}

public sealed class ProductionSecurityTests
{

    [Fact]
    public async Task Production_OverHttps_SendsHstsAndOnlyHostPrefixedSecureCookies()
    {
        await using var app = new ProductionAppFactory();
        // HSTS is never sent to localhost, so the request names the public host.
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://gs.enyang.example"), AllowAutoRedirect = false });

        var signIn = await client.GetAsync("/staff/login", TestContext.Current.CancellationToken);
        var culture = await client.GetAsync("/culture/en?returnUrl=/", TestContext.Current.CancellationToken);

        Assert.True(signIn.Headers.Contains("Strict-Transport-Security"));
        var cookies = signIn.Headers.GetValues("Set-Cookie").Concat(culture.Headers.GetValues("Set-Cookie")).ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.StartsWith("__Host-", c);
            Assert.Contains("secure", c);
            Assert.Contains("httponly", c);
            Assert.Contains("samesite", c);
        });
    }

    [Fact]
    public async Task Production_Error_ShowsNoExceptionText()
    {
        await using var app = new ProductionAppFactory();

        var response = await app.CreateClient().GetAsync("/error", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("   at ", html);
        Assert.Contains("出错了", html);
    }
}
