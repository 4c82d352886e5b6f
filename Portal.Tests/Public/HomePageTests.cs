using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Regions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

public sealed class HomePageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Home_DemoDistrict_ListsTownshipsAndVillagesWithCountsFromTheDatabase()
    {
        var client = app.CreateClient();
        var overview = (await app.Services.GetRequiredService<Portal.Features.Assistance.VillageReport>().UpToDateAsync(Ct)).Figures.Overview;

        var response = await client.GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("恩阳区扶贫公示监督平台", html);
        Assert.Contains($"全区共 {app.Households:N0} 户建档立卡户", html);
        foreach (var township in overview)
        {
            Assert.Contains($">{township.Township.Name}</h3>", html);
            foreach (var village in township.Villages)
            {
                Assert.Matches($"<th scope=\"row\"><a href=\"/villages/{village.Code}\">{village.Name}</a></th>\\s*<td class=\"num\">{village.Households:N0}</td>\\s*<td class=\"num\">{village.Identified:N0}</td>", html);
            }
        }
    }

    [Fact]
    public async Task Home_IsStaticWithoutMudBlazorOrCircuit()
    {
        var html = await app.CreateClient().GetStringAsync("/", Ct);

        Assert.DoesNotContain("MudBlazor.min.css", html);
        Assert.DoesNotContain("<!--Blazor:", html);
    }

    [Fact]
    public async Task Home_EnglishChosen_SpeaksEnglish()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var switched = await client.GetAsync("/culture/en?returnUrl=%2F", Ct);
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var html = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location?.OriginalString);
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Townships and villages of the district", html);
        Assert.Contains("Guihua Village", html);
        Assert.DoesNotContain("全区乡镇与村", html);
    }

    [Fact]
    public async Task Culture_ForeignReturnUrl_RedirectsHomeInstead()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/en?returnUrl=%2F%2Fevil.example", Ct);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Home_AcceptLanguageEnglish_StillChineseByDefault()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en-US");

        var html = await (await app.CreateClient().SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("全区乡镇与村", html);
    }

    [Fact]
    public async Task UnknownPage_Is404WithAFriendlyPage()
    {
        var response = await app.CreateClient().GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task StaffPage_Anonymous_RedirectsToSignInWithoutData()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/staff/households", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/login", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task Healthz_DatabaseAnswers_Is200()
    {
        var response = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class HealthWhenDatabaseFailsTests
{
    [Fact]
    public async Task Healthz_DatabaseFileDestroyed_Is503WithoutDetails()
    {
        await using var app = new PortalAppFactory { Households = 10 };
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(app.Folder, "portal.db*")) File.Delete(file);
        await File.WriteAllTextAsync(app.DatabaseFile, new string('Z', 8192), TestContext.Current.CancellationToken);

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body);
    }
}
