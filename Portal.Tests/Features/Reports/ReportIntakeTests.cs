using System.Net;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.Features.Reports.ReportTestKit;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Reports;

// A report by the API and by the static form without JavaScript, and tracked by its receipt on /track.
public sealed class ReportIntakeTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_Valid_Returns201WithCaseNumberAndReceipt_AndQueuesItForTheTownship()
    {
        var text = UniqueText();

        var created = await CreatedAsync(await PostAsync(BrowserClient(app), Body(text)));

        Assert.StartsWith("恩阳-反映-", created.GetProperty("caseNumber").GetString());
        Assert.Matches("^[0-9]{16}$", created.GetProperty("receipt").GetString());
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Text = $t AND QueueRegionCode = $q AND State = 'Received'",
            ("$t", text), ("$q", Portal.Features.Regions.RegionScope.TownshipOf(Village))));
        // Only the receipt's keyed hash is kept.
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE ReceiptHash = $r", ("$r", created.GetProperty("receipt").GetString())));
    }

    [Fact]
    public async Task Api_UnknownVillageAndKind_Returns400NamingTheFields()
    {
        var text = UniqueText();

        var response = await PostAsync(BrowserClient(app), Body(text, kind: "Rich", village: "511903999999"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal("请选择所在村。", errors.GetProperty("village")[0].GetString());
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Text = $t", ("$t", text)));
    }

    [Fact]
    public async Task Api_NamedWithIdentity_KeepsItEncryptedOnly()
    {
        var client = BrowserClient(app);
        var response = await PostAsync(client, new { village = Village, kind = "SelfReport", subject = "张国强", text = UniqueText(), anonymous = false,
            name = "实名测试人甲", phone = "13911112222", consent = true });

        await CreatedAsync(response);
        AssertNowhereInDatabase(app.DatabaseFile, "实名测试人甲", "13911112222");
    }

    [Fact]
    public async Task Form_WithoutJavaScript_PostWithAntiforgery_ShowsTheReceipt()
    {
        var client = BrowserClient(app);
        var text = UniqueText();

        var response = await PostFormAsync(client, Fields(text));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("反映已受理", html);
        Assert.Matches("[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}", ReceiptOnPage(html));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Text = $t", ("$t", text)));
    }

    [Fact]
    public async Task Form_Refused_Returns400NamingTheFieldAndKeepsWhatWasTyped()
    {
        var client = BrowserClient(app);
        var text = UniqueText();
        var fields = Fields(text);
        fields["Subject"] = "";

        var response = await PostFormAsync(client, fields);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("户主姓名：请填写户主姓名。", html);
        Assert.Contains(text, html);
        Assert.Matches($"<option value=\"{Village}\" selected", html);
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Text = $t", ("$t", text)));
    }

    [Fact]
    public async Task Form_WithoutAntiforgeryToken_IsRefusedAndSavesNothing()
    {
        var text = UniqueText();
        var response = await BrowserClient(app).PostAsync("/report", new FormUrlEncodedContent(
            Fields(text).Select(f => KeyValuePair.Create($"Input.{f.Key}", f.Value)).Append(KeyValuePair.Create("_handler", "report"))), Ct);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Text = $t", ("$t", text)));
    }

    [Fact]
    public async Task Track_ByReportReceipt_ShowsStateDeadlinesAndARefusalsReason()
    {
        var report = await SubmitAsync(app.Services);
        var client = BrowserClient(app);

        var received = await (await PostTrackFormAsync(client, report.Receipt)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(report.CaseNumber, received);
        Assert.Contains("已受理", received);
        Assert.Contains("入户核实期限", received);

        Assert.True((await ActAsync(app.Services, report.Id, Portal.Features.Reports.ReportAction.Visit, "yuxi.reviewer", "内部记录：邻居说他家有车。")).IsAllowed);
        const string reason = "经入户核实，该户有稳定务工收入，不存在返贫风险。";
        Assert.True((await ActAsync(app.Services, report.Id, Portal.Features.Reports.ReportAction.Refuse, "yuxi.reviewer", reason)).IsAllowed);

        var refused = await (await PostTrackFormAsync(client, report.Receipt)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("不予纳入的理由", refused);
        Assert.Contains(reason, refused);
        Assert.Contains("入户核实", refused);
        // What the visit found, and who handled it, stay with staff.
        Assert.DoesNotContain("邻居说他家有车", refused);
        Assert.DoesNotContain("yuxi.reviewer", refused);
    }

    [Fact]
    public async Task Track_AfterInclusion_SaysAMonitoringInclusionStarted_WithoutTheRiskTypeOrHousehold()
    {
        // The client starts the portal, which creates and seeds the database the household is read from.
        var client = BrowserClient(app);
        var household = FreeHousehold(app);
        var report = await SubmitAsync(app.Services, subject: household.HeadName);
        Assert.DoesNotContain("已启动纳入监测程序", await (await PostTrackFormAsync(client, report.Receipt)).Content.ReadAsStringAsync(Ct));
        Assert.True((await ActAsync(app.Services, report.Id, Portal.Features.Reports.ReportAction.Visit, "yuxi.reviewer")).IsAllowed);
        const string risk = "户主确诊慢性肾病需长期透析";
        Assert.True((await ActAsync(app.Services, report.Id, Portal.Features.Reports.ReportAction.Include, "yuxi.reviewer",
            inclusion: new Portal.Features.Reports.ReportInclusion(household.Id, Portal.Features.Households.MonitoringType.MarginalAtRisk, risk))).IsAllowed);

        var html = await (await PostTrackFormAsync(client, report.Receipt)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("已启动纳入监测程序", html);
        Assert.Contains("乡镇已根据您的反映，启动防止返贫致贫监测对象的纳入程序", html);
        // What the staff recorded about the household stays with staff.
        Assert.DoesNotContain(risk, html);
        Assert.DoesNotContain("边缘易致贫户", html);
        Assert.DoesNotContain($"/staff/households/{household.Id}", html);
        Assert.DoesNotContain("yuxi.reviewer", html);
    }

    [Fact]
    public async Task Api_OverTheSubmissionLimit_Returns429WithRetryAfter()
    {
        await using var limited = WithSubmissionLimit(1);
        var client = BrowserClient(limited);

        await CreatedAsync(await PostAsync(client, Body()));
        var second = await PostAsync(client, Body());

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
    }

    private static Dictionary<string, string> Fields(string text) => new()
    {
        ["Village"] = Village,
        ["Kind"] = "LeftOut",
        ["Subject"] = "李秀英",
        ["Text"] = text,
        ["Anonymous"] = "true",
        ["Consent"] = "true",
    };

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, IDictionary<string, string> fields)
    {
        var token = await TokenAsync(client, "/report");
        return await client.PostAsync("/report", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create($"Input.{f.Key}", f.Value))
            .Append(KeyValuePair.Create("_handler", "report")).Append(KeyValuePair.Create("__RequestVerificationToken", token))), Ct);
    }
}
