using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Assistance;
using Portal.Features.Demo;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Assistance;

public sealed class VillagePageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;

    [Fact]
    public async Task VillagePage_ShowsTeamProjectsMeasuresAndYearsFromTheDatabase()
    {
        var cadres = await app.Services.GetRequiredService<CadreStore>().ForVillageAsync(Guihua, Ct);
        var report = app.Services.GetRequiredService<VillageReport>();
        var figures = (await report.UpToDateAsync(Ct)).Figures;
        var measures = figures.Measures[Guihua].ToList();
        var projects = await report.ProjectsAsync(Guihua, Ct);
        var years = figures.Years[Guihua].ToList();

        var html = await app.CreateClient().GetStringAsync($"/villages/{Guihua}", Ct);

        Assert.Contains("<h1>玉溪镇 桂花村</h1>", html);
        var secretary = cadres.Single(c => c.Role == CadreRole.FirstSecretary);
        Assert.Matches($"<th scope=\"row\" class=\"nobreak\">{secretary.Name}</th><td>第一书记</td><td>{secretary.Organisation}</td><td class=\"nobreak\"><a class=\"phone\" href=\"tel:{Portal.Features.Assistance.Public.PhoneLink.Dialled(secretary.OfficePhone!)}\">{secretary.OfficePhone}</a></td>", html);
        Assert.All(projects, p => Assert.Contains($"<th scope=\"row\">{p.Name}</th><td class=\"num\">{p.Year}</td><td class=\"num\">{p.Amount:N0}</td>", html));
        Assert.NotEmpty(measures);
        Assert.All(measures, m => Assert.Contains($"<td class=\"num\">{m.Measures}</td><td class=\"num\">{m.Households}</td><td class=\"num\">{m.Funds:N0}</td>", html));
        Assert.All(years, y => Assert.Contains($"<th scope=\"row\">{y.Year}</th><td class=\"num\">{y.Identified}</td><td class=\"num\">{y.Exited}</td>", html));
        Assert.Contains("玉溪镇桂花村2026年贫困户识别村级公示", html);
        Assert.DoesNotMatch(new Regex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), html);
        Assert.DoesNotMatch(new Regex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])"), html);
    }

    [Theory]
    [InlineData("511903100000")]
    [InlineData("999999999999")]
    [InlineData("abc")]
    public async Task VillagePage_NotAVillage_Is404(string code) =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/villages/{code}", Ct)).StatusCode);
}
