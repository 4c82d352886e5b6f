using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Privacy;

// Issue 16, Done when: a privacy scan over every public output of the demo data — pages, API, CSV, Atom, the notice
// PDF, the tracking pages of the demo reports. What it looks for is found from the stored data and independent
// detectors (PublicOutputs.IdentifyingNumbers), not from the portal's own masking, and each check first shows that the
// demo holds what it guards (a health cause listed, a list past retention, numbers planted in free text), so that the
// scan cannot pass by finding nothing to scan.
public sealed class PublicOutputScanTests : IAsyncLifetime
{
    private const int RetentionDays = 30;

    private static readonly string[] HealthCauses = ["因病", "因残", nameof(PovertyCause.Illness), nameof(PovertyCause.Disability)];

    private readonly PortalAppFactory app = new();
    private PublicOutputs outputs = default!;
    private IReadOnlyList<(Announcement Announcement, IReadOnlyList<AnnouncementEntry> Entries)> published = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var store = app.Services.GetRequiredService<AnnouncementStore>();
        await using var db = ObjectionTestKit.OpenDatabase(app.DatabaseFile);
        var ids = (await db.QueryAsync<long>("SELECT Id FROM Announcement WHERE PublishedUtc IS NOT NULL ORDER BY Id")).ToList();
        var list = new List<(Announcement, IReadOnlyList<AnnouncementEntry>)>();
        foreach (var id in ids) list.Add(((await store.GetAsync(id, Ct))!, await store.EntriesAsync(id, Ct)));
        published = list;
        var receipts = Enumerable.Range(1, 8).Select(DemoReports.DemoReceipt);
        outputs = await PublicOutputs.CollectAsync(client, ids, receipts, Ct);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public void Scan_ReachesEveryKindOfOutput()
    {
        Assert.All(new[] { "/announcements/", "/api/v1/announcements/", "entries.csv", "notice.pdf", ".atom", "/villages/", "/statistics", "/audit", "/track (" },
            part => Assert.Contains(outputs.All, o => o.Url.Contains(part, StringComparison.Ordinal)));
        Assert.True(outputs.All.Count > 100, $"only {outputs.All.Count} outputs");
    }

    [Fact]
    public void NoHealthCause_InAnyAnnouncementOutput_WhereTheDefaultsSayOff()
    {
        // The demo lists households whose cause is an illness or a disability.
        var health = published.Where(p => p.Entries.Any(e => OnlineHealth(e.Cause))).ToList();
        Assert.NotEmpty(health);

        foreach (var (a, _) in published)
        {
            foreach (var output in outputs.ByAnnouncement[a.Id])
            {
                Assert.False(HealthCauses.Any(output.Text.Contains), $"{output.Url} names a health cause");
            }
        }
        // The cell says it is not published online.
        Assert.Contains(outputs.ByAnnouncement[health[0].Announcement.Id], o => o.Text.Contains("不在网上公开", StringComparison.Ordinal));
        Assert.Contains(outputs.ByAnnouncement[health[0].Announcement.Id], o => o.Text.Contains("Not published online", StringComparison.Ordinal));
    }

    [Fact]
    public void NoFullName_OfAListPastRetention_AnywhereButItsStaffPages()
    {
        var today = ShanghaiTime.Today(DateTimeOffset.UtcNow);
        var past = published.Where(p => AnnouncementFields.IsAboutHouseholds(p.Announcement.Kind)
            && p.Announcement.Status is AnnouncementStatus.Finalized or AnnouncementStatus.Superseded or AnnouncementStatus.Withdrawn
            && p.Announcement.PeriodEnd!.Value.AddDays(RetentionDays) < today).ToList();
        Assert.NotEmpty(past);
        var otherLists = published.Select(p => p.Announcement.Id).Except(past.Select(p => p.Announcement.Id)).ToHashSet();
        var scanned = outputs.All.Where(o => !otherLists.Any(id => outputs.ByAnnouncement[id].Contains(o))).ToList();

        foreach (var (a, entries) in past)
        {
            Assert.NotEmpty(entries);
            foreach (var name in entries.Select(e => e.Subject))
            {
                Assert.All(scanned, o => Assert.False(o.Text.Contains(name, StringComparison.Ordinal), $"{o.Url} shows {name}, of list {a.Id}, past retention"));
            }
            var page = outputs.ByAnnouncement[a.Id].First(o => o.Url.StartsWith($"/announcements/{a.Id}?culture=zh-CN", StringComparison.Ordinal));
            // Masked as 王＊＊, with the group and the reason; the hash still published; the notice no longer public.
            Assert.Contains($"{entries[0].Subject[0]}＊＊", page.Text);
            Assert.Contains(entries[0].GroupName!, page.Text);
            Assert.Contains("为保护个人信息", page.Text);
            Assert.Contains(a.ContentHash!, page.Text);
            Assert.Equal(HttpStatusCode.Gone, outputs.NoticeStatus[a.Id]);
        }
    }

    [Fact]
    public void NoIdMobileOrBankNumber_InAnyPublicOutput()
    {
        // The demo plants them in free text the public reads: a correction's reason, a project's title and a report's refusal.
        Assert.Contains(outputs.All, o => o.Text.Contains(PlantedNumbers.MaskedIdNumber, StringComparison.Ordinal) && o.Url.StartsWith("/announcements/", StringComparison.Ordinal));
        Assert.Contains(outputs.All, o => o.Text.Contains($"（施工联络人电话 {PlantedNumbers.MaskedMobile}）", StringComparison.Ordinal) && o.Url.StartsWith("/announcements/", StringComparison.Ordinal));
        Assert.Contains(outputs.All, o => o.Text.Contains(PlantedNumbers.MaskedMobile, StringComparison.Ordinal) && o.Url.StartsWith("/track", StringComparison.Ordinal));

        foreach (var output in outputs.All)
        {
            Assert.DoesNotContain(PlantedNumbers.IdNumber, output.Text);
            Assert.DoesNotContain(PlantedNumbers.Mobile, output.Text);
            Assert.DoesNotContain(PlantedNumbers.BankCard, output.Text);
            Assert.True(!PublicOutputs.IdentifyingNumbers(output.Text).Any(),
                $"{output.Url} shows {string.Join(", ", PublicOutputs.IdentifyingNumbers(output.Text))}");
        }
    }

    [Theory]
    [InlineData("王德明 身份证 511902198506120026", "511902198506120026")]
    [InlineData("电话 138 0000 9876。", "138 0000 9876")]
    [InlineData("卡号６２２８４８０００００００００００１８", "6228480000000000018")]
    [InlineData("卡号 6228 4800 0000 0000 018", "6228 4800 0000 0000 018")]
    [InlineData("校验码 a511902198506120026b 与 2026-12-01", null)]
    public void Detector_FindsWhatItLooksFor(string text, string? found) =>
        Assert.Equal(found is null ? [] : [found], PublicOutputs.IdentifyingNumbers(text).Distinct());

    private static bool OnlineHealth(string? cause) => cause is nameof(PovertyCause.Illness) or nameof(PovertyCause.Disability);
}
