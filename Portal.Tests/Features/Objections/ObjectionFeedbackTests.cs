using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Resources;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Objections;

// What a villager is told back: the receipt says how the objection was filed, /track shows the deadlines, the
// attachments received and every reply, a name typed with anonymous chosen is asked about.
public sealed class ObjectionFeedbackTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> PageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    [Fact]
    public async Task Receipt_AnonymousAndNamedObjections_SayHowTheyWereFiled()
    {
        var open = await OpenVillageAsync(app);
        var named = AnonymousFields();
        named["Anonymous"] = "false";
        named["Name"] = "王建国";
        named["Phone"] = "13912345678";
        named["Relation"] = "同村村民";

        var anonymousHtml = await PageAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, AnonymousFields()));
        var namedHtml = await PageAsync(await PostObjectionFormAsync(BrowserClient(app), open.Id, named));

        Assert.Contains("<dt>提交方式</dt><dd>匿名提出</dd>", anonymousHtml);
        Assert.Contains("<dt>提交方式</dt><dd>实名提出</dd>", namedHtml);
    }

    [Fact]
    public async Task Form_NameTypedWithAnonymousChosen_AsksInsteadOfDroppingIt()
    {
        var open = await OpenVillageAsync(app);
        var text = UniqueText("匿名却填了姓名");
        var fields = AnonymousFields(text);
        fields["Name"] = "李秀英";

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, fields);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("但填写了姓名、电话或关系", html);
        Assert.Contains("value=\"李秀英\"", html);
        Assert.Contains($">{text}</textarea>", html);
        Assert.Equal(0, RowsWithText(app, text));
    }

    [Fact]
    public async Task Track_ShowsTheDeadlinesInShanghaiTime()
    {
        var open = await OpenVillageAsync(app);
        var receipt = (await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)))).GetProperty("receipt").GetString()!;
        var tracked = (await app.Services.GetRequiredService<ObjectionIntake>().TrackAsync(receipt, Ct))!;
        var workflow = app.Services.GetRequiredService<ReviewWorkflow>();
        var calendar = await app.Services.GetRequiredService<Portal.Features.Calendar.CalendarStore>().CurrentAsync(Ct);

        var html = await PageAsync(await PostTrackFormAsync(BrowserClient(app), receipt));

        Assert.Contains($"<dt>受理审查期限</dt><dd>{ShanghaiTime.Deadline(CaseDeadlines.EndOf(workflow.Deadlines(calendar, tracked.Case!).Acceptance))}</dd>", html);
        Assert.Contains($"<dt>答复期限</dt><dd>{ShanghaiTime.Deadline(CaseDeadlines.EndOf(workflow.Deadlines(calendar, tracked.Case!).Reply!.Value))}</dd>", html);
    }

    [Fact]
    public async Task Track_ObjectionWithTwoAttachments_ConfirmsEachByKindAndSizeNeverByStoredName()
    {
        var open = await OpenVillageAsync(app);
        var created = await CreatedAsync(await PostApiMultipartAsync(app.CreateClient(), open.Id, UniqueText("附件确认"),
            [new FormFile("我的照片.png", Png, "image/png"), new FormFile("证明.pdf", Pdf, "application/pdf")]));
        var receipt = created.GetProperty("receipt").GetString()!;
        var stored = AttachmentRows(app.DatabaseFile, RowByCaseNumber(app.DatabaseFile, created.GetProperty("caseNumber").GetString()!).Id);

        var html = await PageAsync(await PostTrackFormAsync(BrowserClient(app), receipt));

        Assert.Equal(2, stored.Count);
        Assert.Contains("共收到 2 个附件。", html);
        Assert.Contains($"附件 1：PNG，{Math.Max(1, (long)Math.Ceiling(stored[0].SizeBytes / 1024.0))} KB", html);
        Assert.Contains("附件 2：PDF，", html);
        foreach (var row in stored) Assert.DoesNotContain(row.StoredName, html);
    }

    [Fact]
    public async Task Track_CaseRepliedTwiceAfterAnAppeal_ShowsBothReplies()
    {
        var open = await OpenVillageAsync(app);
        var created = await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)));
        var id = RowByCaseNumber(app.DatabaseFile, created.GetProperty("caseNumber").GetString()!).Id;
        const string first = "经核实，异议不成立，该户符合条件。";
        const string second = "经区级复核，异议成立，该户已从名单中撤销。";
        using (var c = OpenDatabase(app.DatabaseFile))
        {
            foreach (var (text, at) in new[] { (first, DateTime.UtcNow.AddMinutes(1)), (second, DateTime.UtcNow.AddMinutes(2)) })
            {
                using var insert = c.CreateCommand();
                insert.CommandText = "INSERT INTO ObjectionEvent (ObjectionId, Kind, Text, CreatedUtc) VALUES ($id, 'Reply', $text, $at)";
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$text", text);
                insert.Parameters.AddWithValue("$at", at.ToString("yyyy-MM-dd HH:mm:ss.fffffff"));
                insert.ExecuteNonQuery();
            }
        }

        var html = await PageAsync(await PostTrackFormAsync(BrowserClient(app), created.GetProperty("receipt").GetString()!));

        Assert.Contains($"<p class=\"reply\">{first}</p>", html);
        Assert.Contains($"<p class=\"reply\">{second}</p>", html);
        Assert.True(html.IndexOf(first, StringComparison.Ordinal) < html.IndexOf(second, StringComparison.Ordinal));
    }
}

// An objection against the whole announcement (no entry) is counted on the announcement's public page. A portal of
// its own: the public page cache must not hold a page rendered before the objection came in.
public sealed class WholeAnnouncementObjectionCountTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AnnouncementPage_ObjectionWithoutEntry_IsCountedForTheWholeAnnouncement()
    {
        var open = await OpenVillageAsync(app);
        await CreatedAsync(await PostApiAsync(app.CreateClient(), AnonymousBody(open.Id)));

        var html = await app.CreateClient().GetStringAsync(Portal.Features.Announcements.AnnouncementUrls.Detail(open.Id), TestContext.Current.CancellationToken);

        Assert.Contains("针对整份公示的异议：处理中 1 · 成立 0 · 不成立 0", html);
    }
}
