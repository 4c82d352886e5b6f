using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// The complainant's answer on /track: counted with the submissions from the same address, refused once the case is
// closed — by the store, whatever the page shows — and audited under the case number, never the internal id.
public sealed partial class ObjectionAnswerTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = WithSubmissionLimit(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<(string Receipt, string CaseNumber)> SubmitAsync()
    {
        var open = await OpenVillageAsync(app);
        var json = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)));
        return (json.GetProperty("receipt").GetString()!, json.GetProperty("caseNumber").GetString()!);
    }

    private long Messages(string caseNumber) => Scalar(app.DatabaseFile,
        "SELECT COUNT(*) FROM ObjectionEvent e JOIN Objection o ON o.Id = e.ObjectionId WHERE o.CaseNumber = $n AND e.Kind = 'MessageFromComplainant'", ("$n", caseNumber));

    [Fact]
    public async Task Answer_OnAClosedCase_IsRefusedWithAClearMessageAndNothingIsAdded()
    {
        var (receipt, caseNumber) = await SubmitAsync();
        var client = BrowserClient(app);
        var token = await TokenAsync(client, "/track");
        // Closed (the appeal window passed) after the complainant opened the page: the post still arrives.
        Scalar(app.DatabaseFile, "UPDATE Objection SET State = 'Closed' WHERE CaseNumber = $n", ("$n", caseNumber));

        var response = await PostAnswerAsync(client, token, receipt, UniqueText("结案后补充"), new FormFile("photo.png", Png, "image/png"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("补充说明：本件异议已办结，不能再补充说明。", html);
        Assert.DoesNotContain("已收到您的补充说明。", html);
        Assert.Equal(0, Messages(caseNumber));
        Assert.Empty(AttachmentRows(app.DatabaseFile, RowByCaseNumber(app.DatabaseFile, caseNumber).Id));
        Assert.Empty(AttachmentFiles(app.AttachmentsFolder));
    }

    [Fact]
    public async Task TrackPage_OfAClosedCase_SaysItTakesNoMoreAnswersAndOffersNoForm()
    {
        var (receipt, caseNumber) = await SubmitAsync();
        Scalar(app.DatabaseFile, "UPDATE Objection SET State = 'Closed' WHERE CaseNumber = $n", ("$n", caseNumber));

        var html = await (await PostTrackFormAsync(BrowserClient(app), receipt)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("本件异议已办结，不能再补充说明。", html);
        Assert.DoesNotContain("name=\"Answer.Text\"", html);
    }

    // Three an hour from this address: one objection and two answers; the third answer waits, and so does the next objection.
    [Fact]
    public async Task Answers_CountWithSubmissionsFromTheSameAddress_OverTheLimitA429WithRetryAfter()
    {
        var (receipt, caseNumber) = await SubmitAsync();
        var client = BrowserClient(app);
        var token = await TokenAsync(client, "/track");
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await PostAnswerAsync(client, token, receipt, UniqueText($"补充{i}"))).StatusCode);

        var refused = await PostAnswerAsync(client, token, receipt, UniqueText("第三次补充"));
        var html = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.TryGetValues("Retry-After", out var retry) && int.Parse(retry.Single()) is > 0 and <= 3600);
        Assert.Contains("提交太频繁，请约", html);
        Assert.Equal(2, Messages(caseNumber));
        var open = await OpenVillageAsync(app);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id))).StatusCode);
    }

    [Fact]
    public async Task Answer_IsAuditedUnderTheCaseNumber()
    {
        var (receipt, caseNumber) = await SubmitAsync();
        var client = BrowserClient(app);

        await PostAnswerAsync(client, await TokenAsync(client, "/track"), receipt, UniqueText("补充"));

        var id = RowByCaseNumber(app.DatabaseFile, caseNumber).Id;
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ObjectionMessageFromComplainant' AND Subject = $s", ("$s", $"objection:{caseNumber}")));
        Assert.Equal(0, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM AuditEvent WHERE Subject = $s", ("$s", $"objection:{id}")));
        // No objection is audited under anything but its case number.
        using var c = OpenDatabase(app.DatabaseFile);
        using var command = c.CreateCommand();
        command.CommandText = "SELECT Subject FROM AuditEvent WHERE Subject LIKE 'objection:%'";
        using var reader = command.ExecuteReader();
        var subjects = new List<string>();
        while (reader.Read()) subjects.Add(reader.GetString(0));
        Assert.NotEmpty(subjects);
        Assert.All(subjects, s => Assert.Matches(CaseNumberSubject(), s));
    }

    [GeneratedRegex("^objection:恩阳-[0-9]{4}-[0-9]{6}$")]
    private static partial Regex CaseNumberSubject();
}
