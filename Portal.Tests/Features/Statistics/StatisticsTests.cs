using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Statistics;

// The statistics against the demo district, counted again straight from the database.
public sealed class StatisticsTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Page_ShowsChartsWithTheirTablesAndTheRightNumbers()
    {
        var html = await app.CreateClient().GetStringAsync("/statistics", Ct);
        var yuxiIdentified = await CountAsync("SELECT COUNT(*) FROM Household WHERE TownshipCode = '511903100000' AND Status = 'Identified'");
        var illness = await CountAsync("SELECT COUNT(*) FROM Household WHERE Cause = 'Illness'");
        var industry = await CountAsync("SELECT COUNT(*) FROM AssistanceMeasure WHERE Kind = 'Industry'");

        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        Assert.Contains("role=\"img\"", html);
        Assert.Matches($"<th scope=\"row\">玉溪镇</th>\\s*<td class=\"num\">[\\d,]+</td>\\s*<td class=\"num\">{yuxiIdentified:N0}</td>", html);
        Assert.Matches($"<th scope=\"row\">因病</th><td class=\"num\">{illness:N0}</td>", html);
        Assert.Matches($"<th scope=\"row\">产业扶贫</th><td class=\"num\">{industry:N0} · ", html);
    }

    [Theory]
    [InlineData("households", "乡镇,申请中,在册贫困户")]
    [InlineData("causes", "主要致贫原因,数量")]
    [InlineData("exits", "年度,数量")]
    [InlineData("assistance", "帮扶措施,措施数,资金（元）")]
    [InlineData("objections", "乡镇,收到异议")]
    public async Task Csv_EveryDataset_IsUtf8WithBomAndAHeader(string dataset, string header)
    {
        var response = await app.CreateClient().GetAsync($"/statistics/{dataset}.csv", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith(header, Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Fact]
    public async Task Api_HasEverySectionAndMatchesTheDatabase()
    {
        var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/statistics", Ct)).RootElement;
        var exited2020 = await CountAsync("SELECT COUNT(*) FROM Household WHERE ExitYear = 2020");

        Assert.Equal(4, json.GetProperty("householdsByTownship").GetArrayLength());
        Assert.Equal(11, json.GetProperty("causes").EnumerateObject().Count());
        Assert.Equal(exited2020, json.GetProperty("exitsByYear").GetProperty("2020").GetInt64());
        Assert.Equal(4, json.GetProperty("objectionsByTownship").GetArrayLength());
        Assert.Equal(await CountAsync("SELECT COUNT(*) FROM Household"),
            json.GetProperty("householdsByTownship").EnumerateArray().Sum(t => t.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task Csv_UnknownDataset_Is404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/statistics/secrets.csv", Ct)).StatusCode);
}
