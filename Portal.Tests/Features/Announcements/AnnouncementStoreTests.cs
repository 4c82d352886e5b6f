using Portal.Infrastructure;
using Dapper;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// The lifecycle through the store, on a real SQLite file, with the clock moved by hand.
public abstract class AnnouncementStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));
    private static readonly StaffActor District = new(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));

    private AnnouncementStore Store => database.Announcements;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateOnly Today => ShanghaiTime.Today(database.Clock.GetUtcNow());

    public async ValueTask InitializeAsync() => await database.SeedAsync(600);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<(long Id, IReadOnlyList<Candidate> Listed)> DraftAsync(AnnouncementKind kind = AnnouncementKind.Exit, int count = 5)
    {
        var candidates = (await Store.CandidatesAsync(kind, Guihua, Ct)).Where(c => c.Refusal is null).Take(count).ToList();
        Assert.Equal(count, candidates.Count);
        var created = await Store.CreateDraftAsync(kind, Guihua, candidates.Select(c => c.Id).ToList(), Reviewer, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        return (created.Id!.Value, candidates);
    }

    private async Task<RuleResult> PublishAsync(long id, int startOffset = 0, int days = 7, StaffActor? actor = null) =>
        await Store.PublishAsync(id, (await Store.GetAsync(id, Ct))!.Concurrency, new Period(Today.AddDays(startOffset), Today.AddDays(startOffset + days - 1)), actor ?? Reviewer, Ct);

    [Fact]
    public async Task CreateDraft_ListsTheChosenHouseholdsAndIsNotPublic()
    {
        var (id, listed) = await DraftAsync();

        var draft = await Store.GetAsync(id, Ct);
        var entries = await Store.EntriesAsync(id, Ct);
        var publicList = await Store.SearchAsync(new AnnouncementQuery(), Ct);

        Assert.Equal(AnnouncementStatus.Draft, draft!.Status);
        Assert.Equal("玉溪镇桂花村2026年贫困户脱贫退出村级公示", draft.Title);
        Assert.Equal(listed.Select(c => c.Subject), entries.Select(e => e.Subject));
        Assert.DoesNotContain(publicList.Items, a => a.Id == id);
    }

    [Fact]
    public async Task CreateDraft_HouseholdFromAnotherVillage_IsRefusedAndNothingIsSaved()
    {
        var other = (await Store.CandidatesAsync(AnnouncementKind.Exit, DemoDistrict.Townships[0].Villages[1].Code, Ct))[0];
        var before = await CountAsync("Announcement");

        var created = await Store.CreateDraftAsync(AnnouncementKind.Exit, Guihua, [other.Id], Reviewer, Ct);

        Assert.Equal("Announcement.EntryNotEligible", created.Result.Rule);
        Assert.Equal(before, await CountAsync("Announcement"));
    }

    [Fact]
    public async Task CreateDraft_HouseholdWithTheWrongStatus_IsRefused()
    {
        var applicant = (await Store.CandidatesAsync(AnnouncementKind.Identification, Guihua, Ct)).First(c => c.Detail == "Applicant");

        var created = await Store.CreateDraftAsync(AnnouncementKind.Exit, Guihua, [applicant.Id], Reviewer, Ct);

        Assert.Equal("Announcement.EntryNotEligible", created.Result.Rule);
    }

    [Fact]
    public async Task Publish_SnapshotsTheWhitelistAndRecordsTheHash()
    {
        var (id, _) = await DraftAsync(AnnouncementKind.Identification, 2);

        var result = await PublishAsync(id);

        Assert.True(result.IsAllowed, result.Rule);
        var a = (await Store.GetAsync(id, Ct))!;
        var entries = await Store.EntriesAsync(id, Ct);
        Assert.Equal(AnnouncementStatus.Published, a.Status);
        Assert.Equal(Today, a.PeriodStart);
        // Over what goes online: a cause revealing health or disability as withheld (OnlinePrivacy.LeastData).
        var procedure = ProcedureCatalog.Defaults.For(a.Kind);
        Assert.Equal(AnnouncementContent.Hash(a, entries.Select(e => OnlinePrivacy.LeastData(procedure, e)), procedure.OnlineFields), a.ContentHash);
        Assert.All(entries, e => Assert.Null(e.IncomePerCapita));
        Assert.All(entries, e => Assert.NotNull(e.Cause));
    }

    [Fact]
    public async Task Publish_TooShort_IsRefusedAndLeavesTheDraft()
    {
        var (id, _) = await DraftAsync();

        var result = await PublishAsync(id, days: 3);

        Assert.Equal("Announcement.PeriodTooShort", result.Rule);
        Assert.Equal(AnnouncementStatus.Draft, (await Store.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Publish_WithAStaleVersionOfTheDraft_IsToldItChanged()
    {
        var (id, listed) = await DraftAsync();
        var stale = (await Store.GetAsync(id, Ct))!.Concurrency;
        Assert.True((await Store.SetDraftEntriesAsync(id, stale, listed.Take(2).Select(c => c.Id).ToList(), Reviewer, Ct)).IsAllowed);

        var result = await Store.PublishAsync(id, stale, new Period(Today, Today.AddDays(6)), Reviewer, Ct);

        Assert.Equal("Announcement.ChangedMeanwhile", result.Rule);
    }

    [Fact]
    public async Task CloseExpired_AfterMidnightOfTheLastDay_ClosesIt()
    {
        var (id, _) = await DraftAsync();
        await PublishAsync(id);

        database.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, await Store.CloseExpiredAsync(Ct));
        database.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await Store.CloseExpiredAsync(Ct));

        Assert.Equal(AnnouncementStatus.Closed, (await Store.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Revise_ThenPublish_SupersedesTheFirstVersion()
    {
        var (id, listed) = await DraftAsync();
        await PublishAsync(id);

        var revised = await Store.ReviseAsync(id, "核实后删除一户", Reviewer, Ct);
        var v2 = revised.Id!.Value;
        Assert.Equal("Announcement.NewerVersionExists", (await Store.ReviseAsync(id, "核实后删除一户", Reviewer, Ct)).Result.Rule);
        Assert.True((await Store.SetDraftEntriesAsync(v2, (await Store.GetAsync(v2, Ct))!.Concurrency, listed.Skip(1).Select(c => c.Id).ToList(), Reviewer, Ct)).IsAllowed);
        Assert.True((await PublishAsync(v2)).IsAllowed);

        var versions = await Store.VersionsAsync(id, Ct);
        Assert.Equal([id, v2], versions.Select(v => v.Id));
        Assert.Equal(AnnouncementStatus.Superseded, versions[0].Status);
        Assert.Equal(2, versions[1].Version);
        var diff = VersionDifference.Between(ProcedureCatalog.Defaults.For(AnnouncementKind.Exit).PublishedFields, await Store.EntriesAsync(id, Ct), await Store.EntriesAsync(v2, Ct));
        Assert.Equal([listed[0].Subject], diff.Removed.Select(e => e.Subject));
        Assert.Equal("Announcement.NotRevisable", (await Store.ReviseAsync(id, "核实后删除一户", Reviewer, Ct)).Result.Rule);
    }

    [Fact]
    public async Task Advance_CarriesEntriesForwardWithoutWithdrawnOnes()
    {
        var (id, listed) = await DraftAsync();
        await PublishAsync(id);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE AnnouncementEntry SET Withdrawn = @withdrawn, WithdrawnReason = 'upheld' WHERE AnnouncementId = @id AND Position = 2", new { id, withdrawn = true });
        }
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal("Announcement.NotFinalized", (await Store.AdvanceAsync(id, Reviewer, Ct)).Result.Rule);
        Assert.True((await Store.FinalizeAsync(id, (await Store.GetAsync(id, Ct))!.Concurrency, Reviewer, Ct)).IsAllowed);

        var next = await Store.AdvanceAsync(id, Reviewer, Ct);

        var township = (await Store.GetAsync(next.Id!.Value, Ct))!;
        Assert.Equal(AnnouncementStage.TownshipPublicity, township.Stage);
        Assert.Equal(1, township.Version);
        Assert.Equal(id, township.PreviousStageId);
        Assert.Equal(AnnouncementStatus.Draft, township.Status);
        Assert.Equal(listed.Where((_, i) => i != 1).Select(c => c.Subject), (await Store.EntriesAsync(township.Id, Ct)).Select(e => e.Subject));
        Assert.Equal("Announcement.AlreadyAdvanced", (await Store.AdvanceAsync(id, Reviewer, Ct)).Result.Rule);
    }

    [Fact]
    public async Task Withdraw_OpenAnnouncement_RecordsTheReason()
    {
        var (id, _) = await DraftAsync();
        await PublishAsync(id);

        var result = await Store.WithdrawAsync(id, (await Store.GetAsync(id, Ct))!.Concurrency, "名单有误", Reviewer, Ct);

        Assert.True(result.IsAllowed);
        var a = (await Store.GetAsync(id, Ct))!;
        Assert.Equal(AnnouncementStatus.Withdrawn, a.Status);
        Assert.Equal("名单有误", a.StatusReason);
    }

    [Fact]
    public async Task Search_FiltersAndHeadNameFindTheRightAnnouncements()
    {
        var (exit, listed) = await DraftAsync();
        await PublishAsync(exit);
        var (identification, _) = await DraftAsync(AnnouncementKind.Identification, 1);
        await PublishAsync(identification);

        var byKind = await Store.SearchAsync(new AnnouncementQuery(Kind: AnnouncementKind.Exit), Ct);
        var byVillage = await Store.SearchAsync(new AnnouncementQuery(VillageCode: Guihua), Ct);
        var byTownship = await Store.SearchAsync(new AnnouncementQuery(TownshipCode: DemoDistrict.Townships[1].Code), Ct);
        var byName = await Store.SearchAsync(new AnnouncementQuery(HeadName: listed[2].Subject), Ct);
        var byYear = await Store.SearchAsync(new AnnouncementQuery(Year: 2019), Ct);

        Assert.Equal([exit], byKind.Items.Select(a => a.Id));
        Assert.Equal(2, byVillage.Total);
        Assert.Equal(0, byTownship.Total);
        Assert.Contains(byName.Items, a => a.Id == exit);
        Assert.Equal(0, byYear.Total);
    }

    [Fact]
    public async Task StaffSearch_ShowsDraftsOnlyInsideTheActorsRegion()
    {
        var (id, _) = await DraftAsync();
        var outsider = new StaffActor(3, "g", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[1].Code));

        Assert.Contains((await Store.SearchForStaffAsync(new AnnouncementQuery(), Reviewer, Ct)).Items, a => a.Id == id);
        Assert.Contains((await Store.SearchForStaffAsync(new AnnouncementQuery(), District, Ct)).Items, a => a.Id == id);
        Assert.DoesNotContain((await Store.SearchForStaffAsync(new AnnouncementQuery(), outsider, Ct)).Items, a => a.Id == id);
    }

    // A finalized village stage of five households, the second withdrawn after an upheld objection, advanced to a township draft.
    private async Task<(long Village, long Township, IReadOnlyList<Candidate> Listed)> TownshipDraftAsync()
    {
        var (village, listed) = await DraftAsync();
        await PublishAsync(village);
        await ExecuteAsync("UPDATE AnnouncementEntry SET Withdrawn = @withdrawn, WithdrawnReason = '恩阳-2026-000042' WHERE AnnouncementId = @id AND Position = 2", new { id = village, withdrawn = true });
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True((await Store.FinalizeAsync(village, (await Store.GetAsync(village, Ct))!.Concurrency, Reviewer, Ct)).IsAllowed);
        var township = await Store.AdvanceAsync(village, Reviewer, Ct);
        return (village, township.Id!.Value, listed);
    }

    private async Task<RuleResult> SetEntriesAsync(long id, IEnumerable<long> households, Dictionary<long, string>? reasons = null) =>
        await Store.SetDraftEntriesAsync(id, (await Store.GetAsync(id, Ct))!.Concurrency, households.ToList(), reasons ?? [], Reviewer, Ct);

    [Fact]
    public async Task LaterStage_AddingAHouseholdThatWasNotInThePreviousStage_IsRefusedNamingItAndNothingChanges()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        var outsider = (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).First(c => c.Refusal is null && listed.All(l => l.Id != c.Id));
        var before = await Store.EntriesAsync(township, Ct);

        var result = await SetEntriesAsync(township, before.Select(e => e.HouseholdId!.Value).Append(outsider.Id));

        Assert.Equal("Announcement.NotInPreviousStage", result.Rule);
        Assert.Equal([outsider.Subject], result.Args);
        Assert.Equal(before.Select(e => e.Subject), (await Store.EntriesAsync(township, Ct)).Select(e => e.Subject));
        Assert.DoesNotContain(await Store.CandidatesForAsync((await Store.GetAsync(township, Ct))!, Ct), c => c.Id == outsider.Id);
    }

    [Fact]
    public async Task LaterStage_ListingAgainTheHouseholdWithdrawnAfterAnObjection_IsRefusedWithTheCaseNumber()
    {
        var (_, township, listed) = await TownshipDraftAsync();

        var result = await SetEntriesAsync(township, listed.Select(c => c.Id));

        Assert.Equal("Announcement.WithdrawnAfterObjection", result.Rule);
        Assert.Equal([listed[1].Subject, "恩阳-2026-000042"], result.Args);
    }

    [Fact]
    public async Task LaterStage_DroppingAHousehold_NeedsAReasonWhichThePublishedStageShows()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        var kept = listed.Where((_, i) => i is not (1 or 3)).Select(c => c.Id).ToList();

        var refused = await SetEntriesAsync(township, kept);
        var allowed = await SetEntriesAsync(township, kept, new() { [listed[3].Id] = "  户主已于2026年10月迁出本村  " });
        var published = await PublishAsync(township);

        Assert.Equal("Announcement.DropReasonRequired", refused.Rule);
        Assert.Equal([listed[3].Subject], refused.Args);
        Assert.True(allowed.IsAllowed, allowed.Rule);
        Assert.True(published.IsAllowed, published.Rule);
        var dropped = await Store.DroppedAsync((await Store.GetAsync(township, Ct))!, Ct);
        (string, string?, string?)[] expected = [(listed[1].Subject, "恩阳-2026-000042", null), (listed[3].Subject, null, "户主已于2026年10月迁出本村")];
        Assert.Equal(expected, dropped.Select(d => (d.Entry.Subject, d.CaseNumber, d.Reason)));
    }

    [Fact]
    public async Task Publish_LaterStageDraftWrittenAroundTheRule_IsRefusedAndStaysADraft()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        var outsider = (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).First(c => c.Refusal is null && listed.All(l => l.Id != c.Id));
        // As a draft edited before the rule, or by any path other than the store, could hold it.
        await ExecuteAsync("""
            INSERT INTO AnnouncementEntry (AnnouncementId, Position, HouseholdId, Subject, Withdrawn)
            VALUES (@township, 99, @household, @subject, @withdrawn)
            """, new { township, household = outsider.Id, subject = outsider.Subject, withdrawn = false });

        var result = await PublishAsync(township);

        Assert.Equal("Announcement.NotInPreviousStage", result.Rule);
        Assert.Equal([outsider.Subject], result.Args);
        Assert.Equal(AnnouncementStatus.Draft, (await Store.GetAsync(township, Ct))!.Status);
    }

    [Fact]
    public async Task Publish_LaterStageDraftMissingAnEntryWithoutAReason_IsRefused()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        // As a path other than the store could leave it: the entry and its name grams gone.
        await ExecuteAsync("""
            DELETE FROM EntryNameGram WHERE EntryId IN (SELECT Id FROM AnnouncementEntry WHERE AnnouncementId = @township AND HouseholdId = @household)
            """, new { township, household = listed[0].Id });
        await ExecuteAsync("DELETE FROM AnnouncementEntry WHERE AnnouncementId = @township AND HouseholdId = @household", new { township, household = listed[0].Id });

        var result = await PublishAsync(township);

        Assert.Equal("Announcement.DropReasonRequired", result.Rule);
        Assert.Equal([listed[0].Subject], result.Args);
    }

    [Fact]
    public async Task Revise_LaterStage_KeepsItsDropsAndCountsAnEntryWithdrawnThereAsDroppedForThatObjection()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        Assert.True((await SetEntriesAsync(township, [listed[0].Id, listed[2].Id, listed[3].Id], new() { [listed[4].Id] = "重复登记" })).IsAllowed);
        Assert.True((await PublishAsync(township)).IsAllowed);
        await ExecuteAsync("UPDATE AnnouncementEntry SET Withdrawn = @withdrawn, WithdrawnReason = '恩阳-2026-000043' WHERE AnnouncementId = @township AND HouseholdId = @household",
            new { township, household = listed[3].Id, withdrawn = true });

        var v2 = (await Store.ReviseAsync(township, "核实后更正", Reviewer, Ct)).Id!.Value;
        var readded = await SetEntriesAsync(v2, [listed[0].Id, listed[2].Id, listed[3].Id], new() { [listed[4].Id] = "重复登记" });
        var published = await PublishAsync(v2);

        Assert.Equal("Announcement.WithdrawnAfterObjection", readded.Rule);
        Assert.True(published.IsAllowed, published.Rule);
        var dropped = await Store.DroppedAsync((await Store.GetAsync(v2, Ct))!, Ct);
        (string, string?, string?)[] expected =
        [
            (listed[1].Subject, "恩阳-2026-000042", null), (listed[3].Subject, "恩阳-2026-000043", null), (listed[4].Subject, null, "重复登记"),
        ];
        Assert.Equal(expected, dropped.Select(d => (d.Entry.Subject, d.CaseNumber, d.Reason)));
    }

    [Fact]
    public async Task Publish_VillageStageByTheDistrictReviewer_IsRefused()
    {
        var (id, _) = await DraftAsync();

        var result = await PublishAsync(id, actor: District);

        Assert.Equal("Announcement.RoleCannotPublish", result.Rule);
        Assert.Equal(AnnouncementStatus.Draft, (await Store.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Publish_TownshipStageByTheDistrictReviewer_AndDistrictNoticeByTheTownshipReviewer_AreRefused()
    {
        var (_, township, listed) = await TownshipDraftAsync();
        Assert.Equal("Announcement.RoleCannotPublish", (await PublishAsync(township, actor: District)).Rule);
        Assert.True((await PublishAsync(township)).IsAllowed);
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True((await Store.FinalizeAsync(township, (await Store.GetAsync(township, Ct))!.Concurrency, Reviewer, Ct)).IsAllowed);
        var notice = (await Store.AdvanceAsync(township, Reviewer, Ct)).Id!.Value;

        Assert.Equal("Announcement.RoleCannotPublish", (await PublishAsync(notice, actor: Reviewer)).Rule);
        Assert.True((await PublishAsync(notice, actor: District)).IsAllowed);
    }

    private async Task<Candidate> ExitCandidateAsync(int skip = 0) =>
        (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).Where(c => c.Refusal is null).Skip(skip).First();

    [Fact]
    public async Task CreateDraft_ExitWithAHouseholdBelowTheIncomeLine_IsRefusedNamingItAndNothingIsSaved()
    {
        var (fine, poor) = (await ExitCandidateAsync(0), await ExitCandidateAsync(1));
        await ExecuteAsync("UPDATE Household SET IncomePerCapita = 3500 WHERE Id = @id", new { id = poor.Id });
        var before = await CountAsync("Announcement");

        var created = await Store.CreateDraftAsync(AnnouncementKind.Exit, Guihua, [fine.Id, poor.Id], Reviewer, Ct);

        Assert.Equal("Announcement.ExitIncomeBelowLine", created.Result.Rule);
        Assert.Equal(poor.Subject, created.Result.Args[0]);
        Assert.Equal(before, await CountAsync("Announcement"));
    }

    // Publishing writes the entries again only when today's data differs from the draft's; when it does, the public reads today's.
    [Fact]
    public async Task Publish_AfterAListedHouseholdsIncomeChanged_PublishesTodaysIncome_AndOtherwiseTheDraftsEntries()
    {
        var (id, listed) = await DraftAsync();
        var before = (await Store.EntriesAsync(id, Ct)).ToDictionary(e => e.HouseholdId!.Value, e => e.Id);
        await ExecuteAsync("UPDATE Household SET IncomePerCapita = 9876 WHERE Id = @id", new { id = listed[0].Id });

        Assert.True((await PublishAsync(id)).IsAllowed);

        var published = await Store.EntriesAsync(id, Ct);
        Assert.Equal(9876m, published.Single(e => e.HouseholdId == listed[0].Id).IncomePerCapita);
        Assert.NotEqual(before[listed[0].Id], published.Single(e => e.HouseholdId == listed[0].Id).Id);
    }

    [Fact]
    public async Task Publish_WithNothingChangedSinceTheDraft_KeepsTheDraftsEntries()
    {
        var (id, _) = await DraftAsync();
        var before = (await Store.EntriesAsync(id, Ct)).Select(e => e.Id).ToList();

        Assert.True((await PublishAsync(id)).IsAllowed);

        Assert.Equal(before, (await Store.EntriesAsync(id, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task SetDraftEntries_ExitWithAHouseholdWhoseAssurancesAreNotMet_IsRefusedNamingItAndTheListStays()
    {
        var (id, listed) = await DraftAsync();
        var unmet = await ExitCandidateAsync(5);
        await ExecuteAsync("UPDATE Household SET AssurancesMet = @met WHERE Id = @id", new { id = unmet.Id, met = false });

        var result = await SetEntriesAsync(id, listed.Select(c => c.Id).Append(unmet.Id));

        Assert.Equal("Announcement.ExitAssurancesNotMet", result.Rule);
        Assert.Equal(unmet.Subject, result.Args[0]);
        Assert.Equal(listed.Select(c => c.Subject), (await Store.EntriesAsync(id, Ct)).Select(e => e.Subject));
    }

    [Fact]
    public async Task Publish_ExitHouseholdWhoseIncomeFellBelowTheLineAfterSaving_IsRefusedNamingItAndStaysADraft()
    {
        var (id, listed) = await DraftAsync();
        await ExecuteAsync("UPDATE Household SET IncomePerCapita = 2800 WHERE Id = @id", new { id = listed[2].Id });

        var result = await PublishAsync(id);

        Assert.Equal("Announcement.ExitIncomeBelowLine", result.Rule);
        Assert.Equal(listed[2].Subject, result.Args[0]);
        Assert.Equal(AnnouncementStatus.Draft, (await Store.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task ExitCandidates_ShowIncomeAndAssurances_AndMarkTheHouseholdsThatFail()
    {
        var candidates = await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct);

        Assert.All(candidates, c => Assert.NotNull(c.IncomePerCapita));
        Assert.All(candidates, c => Assert.Equal(c.AssurancesMet == true && c.IncomePerCapita >= 4000m, c.Refusal is null));
        Assert.Contains(candidates, c => c.Refusal is not null);
        Assert.Contains(candidates, c => c.Refusal is null);
    }

    [Fact]
    public async Task Revise_WithoutAReason_IsRefusedNamingTheField_AndNoVersionIsMade()
    {
        var (id, _) = await DraftAsync();
        await PublishAsync(id);
        var before = await CountAsync("Announcement");

        var revised = await Store.ReviseAsync(id, "  ", Reviewer, Ct);

        Assert.Equal("Announcement.RevisionReasonRequired", revised.Result.Rule);
        Assert.Equal(before, await CountAsync("Announcement"));
    }

    [Fact]
    public async Task Revise_KeepsTheReasonWithTheNewVersion()
    {
        var (id, _) = await DraftAsync();
        await PublishAsync(id);

        var v2 = (await Store.ReviseAsync(id, " 张三家庭人口登记有误 ", Reviewer, Ct)).Id!.Value;

        Assert.Equal("张三家庭人口登记有误", (await Store.GetAsync(v2, Ct))!.RevisionReason);
        Assert.Null((await Store.GetAsync(id, Ct))!.RevisionReason);
    }

    private async Task ExecuteAsync(string sql, object args)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        await c.ExecuteAsync(sql, args);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }
}

public sealed class SqliteAnnouncementStoreTests : AnnouncementStoreTests<SqliteEngine>;

public sealed class PostgreSqlAnnouncementStoreTests : AnnouncementStoreTests<PostgreSqlEngine>;

public sealed class SqlServerAnnouncementStoreTests : AnnouncementStoreTests<SqlServerEngine>;
