using Portal.Features.Households;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// The demo district's FundsAndProjects announcement shows, prints and exports each project's fields of the 2018
// disclosure guidance: name, place, construction task, subsidy standard, source and amount of funds, period,
// implementer and responsible person, performance targets, how it benefits poor households.
public sealed class FundsAndProjectsPublicTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly EntryField[] Guidance =
    [
        EntryField.Subject, EntryField.Place, EntryField.Task, EntryField.SubsidyStandard, EntryField.FundSource, EntryField.Amount,
        EntryField.Schedule, EntryField.Implementer, EntryField.ResponsiblePerson, EntryField.PerformanceTargets, EntryField.BenefitMechanism,
    ];

    private static readonly string[] ChineseLabels = ["项目名称", "地点", "建设任务", "补助标准", "资金来源", "实施期限", "实施单位", "责任人", "绩效目标", "联农带贫机制"];

    private async Task<(Announcement Announcement, IReadOnlyList<AnnouncementEntry> Entries)> ProjectsAsync()
    {
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        var a = (await store.SearchAsync(new AnnouncementQuery(Kind: AnnouncementKind.FundsAndProjects), Ct)).Items[0];
        var entries = await store.EntriesAsync(a.Id, Ct);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.All(Guidance, f => Assert.False(string.IsNullOrEmpty(AnnouncementFields.Value(e, f)), $"{e.Subject}: {f}")));
        return (a, entries);
    }

    // What the public reads: a number written into a project's text masked (one demo title carries a mobile number).
    private static string Shown(AnnouncementEntry e, EntryField f) =>
        f == EntryField.Amount ? e.Amount!.Value.ToString("N0", CultureInfo.InvariantCulture) : FreeTextMask.Mask(AnnouncementFields.Value(e, f))!;

    private static string Clean(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public async Task Page_ShowsEveryGuidanceFieldOfEachProject_LabelledForThePhoneCard()
    {
        var (a, entries) = await ProjectsAsync();

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(AnnouncementUrls.Detail(a.Id), Ct));

        Assert.Contains("<table class=\"data entries cards\">", html);
        Assert.All(ChineseLabels.Skip(1), label => Assert.Contains($"data-label=\"{label}\"", html));
        Assert.All(entries, e => Assert.All(Guidance, f => Assert.Contains($">{Shown(e, f)}<", html)));
    }

    [Fact]
    public async Task NoticePdf_PrintsEveryGuidanceFieldOfEachProject()
    {
        var (a, entries) = await ProjectsAsync();

        var text = string.Concat(PdfText.Pages(await app.CreateClient().GetByteArrayAsync(AnnouncementUrls.Notice(a.Id), Ct)));

        Assert.All(ChineseLabels, label => Assert.Contains(label, text));
        Assert.All(entries, e => Assert.All(Guidance, f => Assert.Contains(Clean(Shown(e, f)), text)));
    }

    [Fact]
    public async Task OpenData_ApiAndCsvCarryEveryGuidanceField()
    {
        var (a, entries) = await ProjectsAsync();
        var client = app.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/announcements/{a.Id}", Ct));
        var csv = await client.GetStringAsync(AnnouncementUrls.Csv(a.Id), Ct);

        var published = json.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Subset(published.ToHashSet(), new HashSet<string?> { "place", "task", "subsidyStandard", "fundSource", "schedule", "responsiblePerson", "performanceTargets", "benefitMechanism" });
        var items = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.All(entries, e =>
        {
            var fields = items.Single(i => i.GetProperty("id").GetInt64() == e.Id).GetProperty("fields");
            Assert.All(Guidance, f => Assert.Equal(FreeTextMask.Mask(AnnouncementFields.Value(e, f)), fields.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(f.ToString())).GetString()));
        });
        Assert.All(ChineseLabels, label => Assert.Contains(label, csv));
        Assert.All(entries, e => Assert.All(Guidance, f => Assert.Contains(Shown(e, f), csv)));
    }
}
