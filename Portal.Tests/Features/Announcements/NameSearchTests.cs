using Dapper;
using Portal.Features.Announcements;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// The head-of-household search reads the name grams (NameGrams, EntryNameGram): it finds exactly the announcements the
// old LIKE '%…%' over every entry found, for texts of one to four characters, and the migration that filled the grams
// for entries already there writes the same grams as the store does.
public abstract class NameSearchTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // What the search was before the grams: every entry of every published announcement, LIKE '%text%'.
    private const string Before = """
        SELECT a.Id FROM Announcement a
         WHERE a.PublishedUtc IS NOT NULL
           AND EXISTS (SELECT 1 FROM AnnouncementEntry e WHERE e.AnnouncementId = a.Id AND e.Subject LIKE @name ESCAPE '\')
        """;

    // Spaces inside, ASCII in both cases, an ideographic space, a character outside the BMP, a non-ASCII capital.
    private static readonly string[] Tricky = ["Wang Deming", "王　德全", "𠀋家强", "ÉLodie Ma", "欧阳 秀英", "%_\\x"];

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<List<(long Id, string Subject)>> EntriesAsync()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return (await c.QueryAsync<(long, string)>("SELECT Id, Subject FROM AnnouncementEntry WHERE Subject IS NOT NULL ORDER BY Id")).AsList();
    }

    private async Task PlantTrickyNamesAsync()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var entries = (await EntriesAsync()).Take(Tricky.Length).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            await c.ExecuteAsync("UPDATE AnnouncementEntry SET Subject = @subject WHERE Id = @id", new { subject = Tricky[i], id = entries[i].Id });
            await c.ExecuteAsync("DELETE FROM EntryNameGram WHERE EntryId = @id", new { id = entries[i].Id });
            foreach (var gram in NameGrams.Of(Tricky[i]))
            {
                await c.ExecuteAsync("INSERT INTO EntryNameGram (Gram, AnnouncementId, EntryId) SELECT @gram, AnnouncementId, Id FROM AnnouncementEntry WHERE Id = @id",
                    new { gram, id = entries[i].Id });
            }
        }
    }

    [Fact]
    public async Task Search_ForEveryTextOfOneToFourCharacters_FindsWhatTheLikeOverEveryEntryFound()
    {
        await PlantTrickyNamesAsync();
        var subjects = (await EntriesAsync()).Select(e => e.Subject).Distinct().ToList();
        var texts = subjects.Take(40).Concat(Tricky)
            .SelectMany(s => Enumerable.Range(1, 4).SelectMany(n => Enumerable.Range(0, Math.Max(0, s.Length - n + 1)).Select(i => s.Substring(i, n))))
            .Where(t => !char.IsSurrogate(t[0]) && !char.IsSurrogate(t[^1]) && t.Trim().Length > 0)
            .Append("张").Append("wang").Append("DEMING").Append("德全").Append("秀 英").Append("不在名单里")
            .Distinct().ToList();
        Assert.True(texts.Count > 150, $"only {texts.Count} texts");
        await using var c = await database.Db.OpenAsync(Ct);
        var found = 0;
        foreach (var text in texts)
        {
            var expected = (await c.QueryAsync<long>(Before, new { name = Like.Contains(text) })).Order().ToList();
            var result = await database.Announcements.SearchAsync(new AnnouncementQuery(HeadName: text, PageSize: 100), Ct);
            Assert.True(result.Total == expected.Count, $"\"{text}\": {result.Total} announcements, the LIKE over every entry found {expected.Count}");
            Assert.Equal(expected, result.Items.Select(a => a.Id).Order().ToList());
            if (expected.Count > 0) found++;
        }
        Assert.True(found > 100, $"only {found} of {texts.Count} texts found anything");
    }

    [Fact]
    public async Task Migration_FillingTheGramsOfEntriesAlreadyThere_WritesWhatTheStoreWrites()
    {
        await PlantTrickyNamesAsync();
        var entries = await EntriesAsync();
        var expected = entries.SelectMany(e => NameGrams.Of(e.Subject).Select(g => $"{e.Id}:{g}")).Order(StringComparer.Ordinal).ToList();
        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(expected, await GramsAsync(c));

        await c.ExecuteAsync("DELETE FROM EntryNameGram");
        var script = Migrator.Scripts(database.Db.Provider).Single(s => s.Name.StartsWith("0032_", StringComparison.Ordinal)).Sql;
        await c.ExecuteAsync(script.TrimEnd()[(script.TrimEnd().LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..]);

        Assert.Equal(expected, await GramsAsync(c));
    }

    // The grams have no foreign keys (migration 0036): the store deletes an entry's grams with it. A draft whose entries
    // were replaced, then published, has the grams of the entries it lists and no others, and so has every other entry.
    [Fact]
    public async Task Grams_OfADraftWhoseEntriesWereReplacedThenPublished_AreThoseOfTheEntriesThereOnly()
    {
        var village = Portal.Features.Demo.DemoDistrict.Townships[0].Villages[0].Code;
        var actor = new Portal.Features.Accounts.StaffActor(1, "yuxi.reviewer", Portal.Features.Accounts.StaffRole.TownshipReviewer,
            Portal.Features.Regions.RegionScope.Of(Portal.Features.Demo.DemoDistrict.Townships[0].Code));
        var store = database.Announcements;
        var candidates = (await store.CandidatesAsync(AnnouncementKind.Identification, village, Ct)).Where(c => c.Refusal is null).Select(c => c.Id).ToList();
        Assert.True(candidates.Count >= 9, $"{candidates.Count} candidates");
        var id = (await store.CreateDraftAsync(AnnouncementKind.Identification, village, candidates.Take(6).ToList(), actor, Ct)).Id!.Value;
        Assert.True((await store.SetDraftEntriesAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, candidates.Skip(3).Take(6).ToList(), actor, Ct)).IsAllowed);
        var today = Portal.Infrastructure.ShanghaiTime.Today(database.Clock.GetUtcNow());
        Assert.True((await store.PublishAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, new Period(today, today.AddDays(6)), actor, Ct)).IsAllowed);

        var entries = await EntriesAsync();
        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(entries.SelectMany(e => NameGrams.Of(e.Subject).Select(g => $"{e.Id}:{g}")).Order(StringComparer.Ordinal), await GramsAsync(c));
        Assert.Equal(6, await c.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT EntryId) FROM EntryNameGram WHERE AnnouncementId = @id", new { id }));
    }

    private static async Task<List<string>> GramsAsync(System.Data.Common.DbConnection c) =>
        (await c.QueryAsync<(long EntryId, string Gram)>("SELECT EntryId, Gram FROM EntryNameGram"))
            .Select(g => $"{g.EntryId}:{g.Gram}").Order(StringComparer.Ordinal).ToList();
}

public sealed class SqliteNameSearchTests : NameSearchTests<SqliteEngine>;

public sealed class PostgreSqlNameSearchTests : NameSearchTests<PostgreSqlEngine>;

public sealed class SqlServerNameSearchTests : NameSearchTests<SqlServerEngine>;
