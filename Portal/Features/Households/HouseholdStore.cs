using System.Data.Common;
using Dapper;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Households;

public sealed class HouseholdStore(DbConnectionFactory db, PersonalDataProtector protector, TimeProvider clock)
{
    public const string IdNumberHashPurpose = "household-id";

    private const string Columns =
        "GroupCode, VillageCode, TownshipCode, HeadName, Size, Attribute, Cause, Status, IdentifiedYear, ExitYear, " +
        "IncomePerCapita, AssurancesMet, IdNumberCipher, IdNumberHash, PhoneCipher, CreatedUtc, UpdatedUtc, LeftProgrammeUtc";

    private static readonly string[] ColumnNames = Columns.Split(", ");

    private readonly int rowsPerStatement = MultiRow.RowsPerStatement(db.Dialect, ColumnNames.Length);

    // Each returns the new rows' Id and HeadName, for their grams.
    private readonly string insertMany = MultiRow.InsertReturning(db.Dialect, "Household", ColumnNames, MultiRow.RowsPerStatement(db.Dialect, ColumnNames.Length), Written);

    private static readonly string[] Written = ["Id", "HeadName"];

    // The staff list in its order, which is an index (IX_Household_List, migration 0034): a page seeks the household after
    // the last one shown and reads on in the index (keyset paging), so page 2,000 costs what page 1 does. The first page
    // starts at the beginning of the region searched; the last household of the region bounds every page. A name search
    // starts from the households one gram of the name finds (NameGrams), then checks the whole name with LIKE — unless
    // the gram is common (a surname: 张 is one household in fourteen), when sorting all it finds would cost more than
    // walking the list in its order and checking each name, which finds a page of them within a few hundred rows.
    private static readonly string[] ListOrder = ["h.TownshipCode", "h.VillageCode", "h.GroupCode", "h.HeadName", "h.Id"];

    private static readonly string[] AfterKey = ["afterTownship", "afterVillage", "afterGroup", "afterName", "afterId"];

    private const string LastCode = "99999999999999";

    private readonly string selectPage = db.Dialect.Page(Listing(db.Dialect, """
        SELECT h.Id, h.GroupCode, g.Name AS GroupName, h.VillageCode, v.Name AS VillageName, h.TownshipCode, h.HeadName, h.Size,
               h.Attribute, h.Cause, h.Status, h.IdentifiedYear, h.ExitYear, h.IncomePerCapita
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
          JOIN Region v ON v.Code = h.VillageCode
        """, byName: false));

    private readonly string selectPageByName = db.Dialect.Page(Listing(db.Dialect, """
        SELECT h.Id, h.GroupCode, g.Name AS GroupName, h.VillageCode, v.Name AS VillageName, h.TownshipCode, h.HeadName, h.Size,
               h.Attribute, h.Cause, h.Status, h.IdentifiedYear, h.ExitYear, h.IncomePerCapita
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
          JOIN Region v ON v.Code = h.VillageCode
        """, byName: true));

    // The number of matches, counted up to KeysetPage.CountLimit and one more (the pager then says "more than").
    private readonly string countMatching = "SELECT COUNT(*) FROM (" + db.Dialect.Page(Listing(db.Dialect, "SELECT h.Id FROM Household h", byName: false)) + ") x";

    // A name search counts from the name's gram, in its index's order, looking each household up by its key: however
    // common the gram, the count stops at its limit after as many look-ups as it took to find that many.
    private readonly string countMatchingByName = "SELECT COUNT(*) FROM (" + db.Dialect.Page($"""
        SELECT n.HouseholdId
          FROM HouseholdNameGram n
          JOIN Household h ON h.Id = n.HouseholdId
         WHERE n.Gram = @gram
           AND {db.Dialect.RowCompare(ListOrder, ">", AfterKey)}
           AND {db.Dialect.RowCompare(["h.TownshipCode", "h.VillageCode"], "<=", ["lastTownship", "lastVillage"])}
           AND (@status IS NULL OR h.Status = @status)
           AND (@name IS NULL OR h.HeadName LIKE @name ESCAPE '\')
         ORDER BY n.HouseholdId
        """) + ") x";

    private static string Listing(SqlDialect dialect, string select, bool byName) => select + $"""

         WHERE {dialect.RowCompare(ListOrder, ">", AfterKey)}
           AND {dialect.RowCompare(["h.TownshipCode", "h.VillageCode"], "<=", ["lastTownship", "lastVillage"])}
           AND (@status IS NULL OR h.Status = @status)
           AND (@name IS NULL OR h.HeadName LIKE @name ESCAPE '\')
        """ + (byName ? """

           AND h.Id IN (SELECT n.HouseholdId FROM HouseholdNameGram n WHERE n.Gram = @gram)
        """ : "") + "\n ORDER BY " + string.Join(", ", ListOrder);

    // How many households a gram names, counted up to CommonGram: more, and the search walks the list instead.
    private const int CommonGram = 2_000;

    // A search for a common gram counts its matches up to this many: in a village, a surname's count to CountLimit would
    // look up most of the district's households of that name. The pager says "more than 1,000", which asks for a
    // narrower search anyway.
    private const int WalkedCountLimit = 1_000;

    private readonly string countGram = "SELECT COUNT(*) FROM (" + db.Dialect.Page("SELECT n.HouseholdId FROM HouseholdNameGram n WHERE n.Gram = @gram ORDER BY n.HouseholdId") + ") x";

    // The head's name as its grams, written with the household.
    private static readonly string[] GramColumns = ["Gram", "HouseholdId"];

    private readonly int gramsPerStatement = MultiRow.RowsPerStatement(db.Dialect, GramColumns.Length);

    private readonly string insertGrams = MultiRow.Insert("HouseholdNameGram", GramColumns, MultiRow.RowsPerStatement(db.Dialect, GramColumns.Length));

    private const string CountAll = "SELECT COUNT(*) FROM Household";

    private const string SelectKeys = "SELECT Id, VillageCode, Status FROM Household ORDER BY Id";

    private const string SelectByIdNumberHash = "SELECT Id FROM Household WHERE IdNumberHash = CAST(@hash AS CHAR(64))";

    public async Task<long> AddAsync(NewHousehold household, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = 0L;
        await AddManyAsync(c, tx, [household], null, ct, written => id = written);
        await tx.CommitAsync(ct);
        return id;
    }

    // Bulk insert in one transaction; progress reports the number of rows written so far.
    public async Task AddManyAsync(IEnumerable<NewHousehold> households, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await AddManyAsync(c, tx, households, progress, ct);
        await tx.CommitAsync(ct);
    }

    // The same inside the caller's transaction (an import, with its audit event), which commits it.
    public Task AddManyAsync(DbConnection c, DbTransaction tx, IEnumerable<NewHousehold> households, IProgress<int>? progress, CancellationToken ct) =>
        AddManyAsync(c, tx, households, progress, ct, added: null);

    private async Task AddManyAsync(DbConnection c, DbTransaction tx, IEnumerable<NewHousehold> households, IProgress<int>? progress, CancellationToken ct,
        Action<long>? added)
    {
        // Encrypting the ID and phone numbers is most of the work: a chunk's rows are encrypted on every core while the
        // chunk before them is written.
        static Task<object[]> RowsAsync(HouseholdStore store, NewHousehold[] chunk) =>
            Task.Run(() => chunk.AsParallel().AsOrdered().Select(store.Row).ToArray());
        var written = 0;
        using var chunks = households.Chunk(1000).GetEnumerator();
        var pending = chunks.MoveNext() ? RowsAsync(this, chunks.Current) : null;
        while (pending is not null)
        {
            var rows = await pending;
            pending = chunks.MoveNext() ? RowsAsync(this, chunks.Current) : null;
            var grams = new List<object?[]>(rows.Length * 5);
            written += await MultiRow.InsertAsync(c, tx, insertMany, rowsPerStatement, n => MultiRow.InsertReturning(db.Dialect, "Household", ColumnNames, n, Written), ColumnNames, rows, ct, read: r =>
            {
                var id = r.GetInt64(0);
                added?.Invoke(id);
                grams.AddRange(NameGrams.Of(r.GetString(1)).Select(g => new object?[] { g, id }));
            });
            await MultiRow.InsertAsync(c, tx, insertGrams, gramsPerStatement, n => MultiRow.Insert("HouseholdNameGram", GramColumns, n), GramColumns, grams, ct);
            progress?.Report(written);
        }
    }

    public async Task<KeysetPage<HouseholdListItem>> SearchAsync(HouseholdQuery query, CancellationToken ct = default)
    {
        var take = Math.Clamp(query.PageSize, 1, 200);
        var gram = NameGrams.Key(query.Name);
        await using var c = await db.OpenAsync(ct);
        var byName = gram is not null && await c.ExecuteScalarAsync<long>(new CommandDefinition(countGram,
            new { gram, skip = 0, take = CommonGram + 1 }, cancellationToken: ct)) <= CommonGram;
        var items = (await c.QueryAsync<HouseholdListItem>(new CommandDefinition(byName ? selectPageByName : selectPage,
            Arguments(query, query.After, take + 1), cancellationToken: ct))).AsList();
        var countedUpTo = byName || gram is null ? KeysetPage.CountLimit : WalkedCountLimit;
        var matches = await c.ExecuteScalarAsync<long>(new CommandDefinition(gram is null ? countMatching : countMatchingByName,
            Arguments(query, after: null, countedUpTo + 1), cancellationToken: ct));
        return new KeysetPage<HouseholdListItem>(items.Take(take).ToList(), items.Count > take, matches, countedUpTo);
    }

    // A village's township is its code's; the first page starts at the region's first possible key.
    private static object Arguments(HouseholdQuery query, HouseholdListItem? after, int take)
    {
        var village = query.VillageCode;
        var township = query.TownshipCode ?? (village is null ? null : RegionScope.TownshipOf(village));
        return new
        {
            afterTownship = after?.TownshipCode ?? township ?? "",
            afterVillage = after?.VillageCode ?? village ?? "",
            afterGroup = after?.GroupCode ?? "",
            afterName = after?.HeadName ?? "",
            afterId = after?.Id ?? 0,
            lastTownship = township ?? LastCode,
            lastVillage = village ?? LastCode,
            status = query.Status?.ToString(),
            gram = NameGrams.Key(query.Name),
            name = Like.Contains(query.Name),
            skip = 0,
            take,
        };
    }

    // Staff search inside their own region only: a village outside it matches nothing.
    public async Task<KeysetPage<HouseholdListItem>> SearchInScopeAsync(HouseholdQuery query, RegionScope scope, CancellationToken ct = default)
    {
        var (township, village) = scope.Filter(query.TownshipCode, query.VillageCode);
        if (village is not null && !scope.Contains(village)) return KeysetPage<HouseholdListItem>.Empty;
        return await SearchAsync(query with { TownshipCode = township, VillageCode = village }, ct);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<(long Id, string VillageCode, HouseholdStatus Status)>> KeysAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long, string, string)>(new CommandDefinition(SelectKeys, cancellationToken: ct));
        return rows.Select(r => (r.Item1, r.Item2, Enum.Parse<HouseholdStatus>(r.Item3))).ToList();
    }

    // Also read by the data-subject view (HouseholdSubjects), inside its own transaction.
    public const string SelectHistory = """
        SELECT c.FromStatus, c.ToStatus, c.AnnouncementId, a.Title AS AnnouncementTitle, c.ChangedUtc
          FROM HouseholdStatusChange c
          JOIN Announcement a ON a.Id = c.AnnouncementId
         WHERE c.HouseholdId = @householdId
         ORDER BY c.Id
        """;

    private const string SelectStatus = "SELECT Status FROM Household WHERE Id = @householdId";

    public async Task<HouseholdStatus?> StatusAsync(long householdId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var status = await c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectStatus, new { householdId }, cancellationToken: ct));
        return status is null ? null : Enum.Parse<HouseholdStatus>(status);
    }

    public async Task<IReadOnlyList<StatusChange>> HistoryAsync(long householdId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StatusChange>(new CommandDefinition(SelectHistory, new { householdId }, cancellationToken: ct))).AsList();
    }

    // The only statement in the portal that changes a household's status.
    private const string UpdateStatus = """
        UPDATE Household
           SET Status = @to,
               IdentifiedYear = CASE WHEN @to IN ('Identified', 'Returned') THEN @year ELSE IdentifiedYear END,
               ExitYear = CASE WHEN @to = 'Exited' THEN @year ELSE ExitYear END,
               LeftProgrammeUtc = CASE WHEN @to IN ('Exited', 'Removed') THEN @now ELSE NULL END,
               UpdatedUtc = @now
         WHERE Id = @householdId AND Status = @from
        """;

    private const string InsertStatusChange = """
        INSERT INTO HouseholdStatusChange (HouseholdId, FromStatus, ToStatus, AnnouncementId, ChangedUtc)
        VALUES (@householdId, @from, @to, @announcementId, @now)
        """;

    // Moves a household from one status to the next, with its history line, inside the caller's transaction (the
    // finalizing of the notice that decided it). Year is the local year the notice gives; false when the household
    // was no longer in the status it was decided from.
    public static async Task<bool> ChangeStatusAsync(DbConnection c, DbTransaction tx, long householdId, HouseholdStatus from, HouseholdStatus to,
        long announcementId, int year, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { householdId, from = from.ToString(), to = to.ToString(), year, now = now.UtcDateTime, announcementId };
        if (await c.ExecuteAsync(new CommandDefinition(UpdateStatus, args, tx, cancellationToken: ct)) != 1) return false;
        await c.ExecuteAsync(new CommandDefinition(InsertStatusChange, args, tx, cancellationToken: ct));
        return true;
    }

    private readonly string selectRegisteredHashes = $"SELECT IdNumberHash FROM Household WHERE {db.Dialect.InFixed("IdNumberHash", "hashes", 64)}";

    // Which of these ID numbers (valid ones) are registered already: an import's preview asks it of every row, a few
    // hundred a query (one query a row took 25 s for 100,000 rows on PostgreSQL).
    public async Task<IReadOnlySet<string>> RegisteredAsync(IEnumerable<string> idNumbers, CancellationToken ct = default)
    {
        var byHash = idNumbers.Select(ResidentIdNumber.Normalize).Distinct(StringComparer.Ordinal)
            .ToDictionary(n => protector.Hash(IdNumberHashPurpose, n), StringComparer.Ordinal);
        var registered = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in byHash.Keys.Chunk(500))
        {
            var found = await c.QueryAsync<string>(new CommandDefinition(selectRegisteredHashes, new { hashes = db.Dialect.AnsiList(chunk) }, cancellationToken: ct));
            foreach (var hash in found) registered.Add(byHash[hash.Trim()]);
        }
        return registered;
    }

    public async Task<long?> FindByIdNumberAsync(string idNumber, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var hash = protector.Hash(IdNumberHashPurpose, ResidentIdNumber.Normalize(idNumber));
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(SelectByIdNumberHash, new { hash = db.Dialect.Ansi(hash) }, cancellationToken: ct));
    }

    private object Row(NewHousehold h)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var idNumber = ResidentIdNumber.Normalize(h.IdNumber);
        return new
        {
            h.GroupCode,
            VillageCode = RegionScope.DivisionOf(h.GroupCode),
            TownshipCode = RegionScope.TownshipOf(h.GroupCode),
            h.HeadName,
            h.Size,
            Attribute = h.Attribute.ToString(),
            Cause = h.Cause.ToString(),
            Status = h.Status.ToString(),
            h.IdentifiedYear,
            h.ExitYear,
            h.IncomePerCapita,
            h.AssurancesMet,
            IdNumberCipher = protector.Protect(idNumber),
            IdNumberHash = protector.Hash(IdNumberHashPurpose, idNumber),
            PhoneCipher = h.Phone is null ? null : protector.Protect(h.Phone),
            CreatedUtc = now,
            UpdatedUtc = now,
            LeftProgrammeUtc = ProgrammeExit.LeftUtc(h.Status, h.ExitYear, now),
        };
    }

    // Out of the programme for longer than retention, not under monitoring (an open case may still need the number),
    // and not purged yet.
    private readonly string selectDueForPurge = db.Dialect.Page("""
        SELECT h.Id
          FROM Household h
         WHERE h.Status IN ('Exited', 'Removed')
           AND h.LeftProgrammeUtc < @leftBefore
           AND h.IdNumberPurgedUtc IS NULL
           AND NOT EXISTS (SELECT 1 FROM MonitoringCase m WHERE m.HouseholdId = h.Id AND m.Status IN ('Proposed', 'Monitored'))
         ORDER BY h.Id
        """);

    private readonly string purgeIdNumbers = $"""
        UPDATE Household
           SET IdNumberCipher = NULL, PhoneCipher = NULL, IdNumberPurgedUtc = @now
         WHERE {db.Dialect.In("Id", "ids")} AND IdNumberPurgedUtc IS NULL
        """;

    // Deletes the encrypted ID and phone numbers of up to take households that left the programme before leftBefore, in
    // the caller's transaction; the keyed hash stays, so the number still finds the household. Returns their ids; null
    // when another purge took some of them meanwhile (the caller rolls back).
    public async Task<IReadOnlyList<long>?> PurgeIdNumbersAsync(DbConnection c, DbTransaction tx, DateTime leftBefore, DateTime now, int take,
        CancellationToken ct)
    {
        var ids = (await c.QueryAsync<long>(new CommandDefinition(selectDueForPurge, new { leftBefore, skip = 0, take }, tx, cancellationToken: ct))).AsList();
        if (ids.Count == 0) return ids;
        return await c.ExecuteAsync(new CommandDefinition(purgeIdNumbers, new { ids, now }, tx, cancellationToken: ct)) == ids.Count ? ids : null;
    }

    private readonly string flagForNextRound = $"UPDATE Household SET FlaggedForNextRound = {db.Dialect.True} WHERE Id = @householdId";

    // A wrongly excluded household, once the objection is upheld, in the caller's transaction (SPEC §2).
    public Task FlagForNextRoundAsync(DbConnection c, DbTransaction tx, long householdId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(flagForNextRound, new { householdId }, tx, cancellationToken: ct));
}
