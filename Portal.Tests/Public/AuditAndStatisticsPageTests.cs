using System.Net;
using System.Text.Json;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

public sealed class AuditAndStatisticsPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AuditPage_ShowsTheLengthAndHeadThatVerifyConfirms()
    {
        var client = app.CreateClient();

        var html = await client.GetStringAsync("/audit", Ct);
        var verify = JsonDocument.Parse(await client.GetStringAsync("/api/v1/audit/verify", Ct)).RootElement;

        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.True(verify.GetProperty("length").GetInt64() > 10, "the demo's publications are audited");
        Assert.Contains(verify.GetProperty("headHash").GetString()!, html);
        Assert.Contains("审计链", html);
    }

    [Fact]
    public async Task StatisticsPage_ListsEveryTownshipsObjections()
    {
        var response = await app.CreateClient().GetAsync("/statistics", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var api = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/statistics", Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in new[] { "玉溪镇", "观音井镇", "九镇乡", "柳林镇" }) Assert.Contains(name, html);
        Assert.Equal(4, api.GetProperty("objectionsByTownship").GetArrayLength());
    }
}
