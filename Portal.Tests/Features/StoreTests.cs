using System.Text;
using Portal.Features.Assistance;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features;

// Every store behaviour, written once and run against each database the portal supports.
public abstract class StoreTests<TEngine> : IAsyncDisposable where TEngine : ITestEngine
{
    private TestDatabase? database;

    private async Task<TestDatabase> SeededAsync(int households = 300) =>
        await (database ??= TEngine.Create()).SeedAsync(households);

    private async Task<TestDatabase> EmptyAsync() => await (database ??= TEngine.Create()).MigrateAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_SeededDistrict_ListsEveryTownshipWithItsVillagesAndCounts()
    {
        var db = await SeededAsync();

        var overview = (await new VillageReport(db.Db).UpToDateAsync(Ct)).Figures.Overview;

        Assert.Equal(DemoDistrict.Townships.Select(t => t.Name).Order(), overview.Select(t => t.Township.Name).Order());
        Assert.Equal(300, overview.Sum(t => t.Households));
        var guihua = overview.SelectMany(t => t.Villages).Single(v => v.Name == "桂花村");
        var inGuihua = await db.Households.SearchAsync(new HouseholdQuery(VillageCode: guihua.Code, PageSize: 200), Ct);
        Assert.Equal(inGuihua.Matches, guihua.Households);
        Assert.Equal(inGuihua.Items.Count(h => h.Status == HouseholdStatus.Identified), guihua.Identified);
    }

    [Fact]
    public async Task Upsert_ExistingRegion_UpdatesItsName()
    {
        var db = await SeededAsync(10);
        var guihua = (await db.Regions.AllAsync(Ct)).Single(r => r.Name == "桂花村");

        await db.Regions.UpsertAsync([guihua with { Name = "桂花社区", NameEn = "Guihua Community" }], Ct);

        var after = (await db.Regions.AllAsync(Ct)).Single(r => r.Code == guihua.Code);
        Assert.Equal("桂花社区", after.Name);
        Assert.Equal(DemoDistrict.Regions().Count(), (await db.Regions.AllAsync(Ct)).Count);
    }

    [Fact]
    public async Task Search_ByVillageStatusAndName_ReturnsOnlyMatchingHouseholdsInPages()
    {
        var db = await SeededAsync();
        var village = DemoDistrict.Townships[0].Villages[0].Code;

        var page1 = await db.Households.SearchAsync(new HouseholdQuery(VillageCode: village, Status: HouseholdStatus.Identified, PageSize: 5), Ct);
        var page2 = await db.Households.SearchAsync(new HouseholdQuery(VillageCode: village, Status: HouseholdStatus.Identified, PageSize: 5, After: page1.Items[^1]), Ct);

        Assert.True(page1.Matches > 5, "the seed should give this village more than one page");
        Assert.True(page1.HasNext);
        Assert.Equal(5, page1.Items.Count);
        Assert.All(page1.Items.Concat(page2.Items), h => Assert.Equal(village, h.VillageCode));
        Assert.All(page1.Items.Concat(page2.Items), h => Assert.Equal(HouseholdStatus.Identified, h.Status));
        Assert.Empty(page1.Items.Select(h => h.Id).Intersect(page2.Items.Select(h => h.Id)));

        var someone = page1.Items[0];
        var byName = await db.Households.SearchAsync(new HouseholdQuery(Name: someone.HeadName[1..]), Ct);
        Assert.Contains(byName.Items, h => h.Id == someone.Id);
        Assert.All(byName.Items, h => Assert.Contains(someone.HeadName[1..], h.HeadName));
    }

    [Fact]
    public async Task Search_NameWithLikeWildcards_MatchesThemLiterally()
    {
        var db = await SeededAsync(20);

        var percent = await db.Households.SearchAsync(new HouseholdQuery(Name: "%"), Ct);
        var underscore = await db.Households.SearchAsync(new HouseholdQuery(Name: "_"), Ct);

        Assert.Equal(0, percent.Matches);
        Assert.Equal(0, underscore.Matches);
    }

    // Keyset paging: walking the pages one after another gives every match once, in the list's order (township, village,
    // group, name, id), as a reading of the whole table would, for each filter, the name search through grams included;
    // every page's count is the number of matches, and only the last page says no page follows.
    [Fact]
    public async Task Search_WalkedPageByPage_GivesEveryMatchOnceInTheListsOrder_ForEachFilter()
    {
        var db = await SeededAsync();
        // Names with ASCII letters and a space, so that the grams' rules are walked too.
        foreach (var (home, name, serial) in new[] { (DemoDistrict.Townships[0].Villages[0].Code, "Ab 王", "001"), (DemoDistrict.Townships[1].Villages[0].Code, "Cb 王芳", "002") })
        {
            var first17 = "51190319990101" + serial;
            await db.Households.AddAsync(new NewHousehold(DemoDistrict.GroupCode(home, 1), name, 1, HouseholdAttribute.General, PovertyCause.Illness,
                HouseholdStatus.Identified, 2020, null, 3000, first17 + Portal.Features.Households.ResidentIdNumber.CheckCharacter(first17), null), Ct);
        }
        await using var read = await db.Db.OpenAsync(Ct);
        var everyone = (await Dapper.SqlMapper.QueryAsync<(long Id, string TownshipCode, string VillageCode, string GroupCode, string HeadName, string Status)>(
            read, "SELECT Id, TownshipCode, VillageCode, GroupCode, HeadName, Status FROM Household")).ToList();
        var township = DemoDistrict.Townships[1];
        var village = township.Villages[0].Code;
        var surname = everyone[7].HeadName[..1];
        var cases = new (HouseholdQuery Query, Func<(long Id, string TownshipCode, string VillageCode, string GroupCode, string HeadName, string Status), bool> Matches)[]
        {
            (new(), _ => true),
            (new(TownshipCode: township.Code), h => h.TownshipCode == township.Code),
            (new(VillageCode: village), h => h.VillageCode == village),
            (new(TownshipCode: township.Code, Status: HouseholdStatus.Identified), h => h.TownshipCode == township.Code && h.Status == "Identified"),
            (new(Name: surname), h => h.HeadName.Contains(surname, StringComparison.Ordinal)),
            (new(Name: everyone[7].HeadName), h => h.HeadName.Contains(everyone[7].HeadName, StringComparison.Ordinal)),
            (new(Name: "b 王"), h => h.HeadName.Contains("b 王", StringComparison.Ordinal)),
            (new(TownshipCode: township.Code, Name: surname), h => h.TownshipCode == township.Code && h.HeadName.Contains(surname, StringComparison.Ordinal)),
        };
        foreach (var (query, matches) in cases)
        {
            var expected = everyone.Where(matches)
                .OrderBy(h => h.TownshipCode, StringComparer.Ordinal).ThenBy(h => h.VillageCode, StringComparer.Ordinal)
                .ThenBy(h => h.GroupCode, StringComparer.Ordinal).ThenBy(h => h.HeadName, StringComparer.Ordinal).ThenBy(h => h.Id)
                .Select(h => h.Id).ToList();
            var walked = new List<long>();
            HouseholdListItem? after = null;
            for (var pages = 0; pages < 100; pages++)
            {
                var page = await db.Households.SearchAsync(query with { PageSize = 7, After = after }, Ct);
                Assert.Equal(expected.Count, page.Matches);
                walked.AddRange(page.Items.Select(h => h.Id));
                if (!page.HasNext) break;
                Assert.Equal(7, page.Items.Count);
                after = page.Items[^1];
            }
            Assert.True(expected.Count > 0, $"{query}: the seed should give this filter matches");
            Assert.Equal(expected, walked);
        }
    }

    // A name whose gram is common (more than 2,000 households) is searched by walking the list, and its matches are
    // counted up to 1,000 only: the pager says "more than 1,000" (a count to 10,000 read 240,000 rows of the list).
    [Fact]
    public async Task Search_ForACommonSurname_CountsItsMatchesUpToAThousand()
    {
        var db = await SeededAsync();
        var group = DemoDistrict.GroupCode(DemoDistrict.Townships[0].Villages[0].Code, 1);
        var added = Enumerable.Range(0, 2_100).Select(n =>
        {
            var first17 = $"511903{new DateOnly(1930, 1, 1).AddDays(n):yyyyMMdd}001";
            return new NewHousehold(group, $"欧{n % 50}", 1, HouseholdAttribute.General, PovertyCause.Illness, HouseholdStatus.Identified, 2020, null, 3000,
                first17 + Portal.Features.Households.ResidentIdNumber.CheckCharacter(first17), null);
        }).ToList();
        await db.Households.AddManyAsync(added, null, Ct);

        var common = await db.Households.SearchAsync(new HouseholdQuery(Name: "欧"), Ct);
        var rarer = await db.Households.SearchAsync(new HouseholdQuery(Name: "欧1"), Ct);

        Assert.Equal((1_001, 1_000, true), (common.Matches, common.CountedUpTo, common.MoreMatches));
        Assert.All(common.Items, h => Assert.StartsWith("欧", h.HeadName));
        // "欧1" is a gram of 462 names (欧1, 欧10 to 欧19, each 42 times): counted exactly, to the usual limit.
        Assert.Equal((462, Portal.Infrastructure.Data.KeysetPage.CountLimit, false), (rarer.Matches, rarer.CountedUpTo, rarer.MoreMatches));
    }

    [Fact]
    public async Task Add_Household_IsFoundByItsIdNumberWhichIsStoredOnlyEncrypted()
    {
        var db = await EmptyAsync();
        await db.Regions.UpsertAsync(DemoDistrict.Regions(), Ct);
        const string idNumber = "511903198203150417";
        var group = DemoDistrict.GroupCode(DemoDistrict.Townships[1].Villages[0].Code, 2);

        var id = await db.Households.AddAsync(new NewHousehold(group, "苟明华", 4, HouseholdAttribute.MinimumLivingAllowance,
            PovertyCause.Disability, HouseholdStatus.Identified, 2019, null, 3100.5m, idNumber, "13912345678"), Ct);

        Assert.True(id > 0);
        Assert.Equal(id, await db.Households.FindByIdNumberAsync(idNumber, Ct));
        Assert.Null(await db.Households.FindByIdNumberAsync("511903198203150425", Ct));
        var found = (await db.Households.SearchAsync(new HouseholdQuery(Name: "苟明华"), Ct)).Items.Single();
        Assert.Equal(DemoDistrict.Townships[1].Villages[0].Code, found.VillageCode);
        Assert.Equal("二组", found.GroupName);
        Assert.Equal(3100.5m, found.IncomePerCapita);
        await AssertNotStoredInClearAsync(db, idNumber, "13912345678");
    }

    [Fact]
    public async Task Add_DuplicateIdNumber_IsRefused()
    {
        var db = await EmptyAsync();
        await db.Regions.UpsertAsync(DemoDistrict.Regions(), Ct);
        var group = DemoDistrict.GroupCode(DemoDistrict.Townships[0].Villages[0].Code, 1);
        var household = new NewHousehold(group, "王德明", 2, HouseholdAttribute.General, PovertyCause.Illness,
            HouseholdStatus.Applicant, null, null, 2800, "511903197001010016", null);
        await db.Households.AddAsync(household, Ct);

        var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Households.AddAsync(household with { HeadName = "王德华" }, Ct));

        Assert.True(Portal.Infrastructure.Data.DbConnectionExtensions.IsUniqueViolation(e), e.Message);
    }

    [Fact]
    public async Task Cadres_SeededVillage_HasAFirstSecretaryWithAnOfficePhone()
    {
        var db = await SeededAsync(10);

        var cadres = await db.Cadres.ForVillageAsync(DemoDistrict.Townships[2].Villages[0].Code, Ct);

        var secretary = Assert.Single(cadres, c => c.Role == CadreRole.FirstSecretary);
        Assert.StartsWith("0827-", secretary.OfficePhone);
        Assert.Equal(2, cadres.Count(c => c.Role == CadreRole.WorkTeamMember));
    }

    protected virtual Task AssertNotStoredInClearAsync(TestDatabase db, params string[] secrets) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteStoreTests : StoreTests<SqliteEngine>
{
    // On SQLite the whole database is files we can read: the secrets must not be in any of them.
    protected override Task AssertNotStoredInClearAsync(TestDatabase db, params string[] secrets)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var folder = ((SqliteTestDatabase)db).Folder;
        foreach (var file in Directory.GetFiles(folder, "portal.db*"))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{secret} found in clear in {Path.GetFileName(file)}");
            }
        }
        return Task.CompletedTask;
    }
}

public sealed class SqlServerStoreTests : StoreTests<SqlServerEngine>;

public sealed class PostgreSqlStoreTests : StoreTests<PostgreSqlEngine>;
