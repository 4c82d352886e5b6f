using Dapper;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// 0015 rebuilds Announcement in SQLite to widen its Kind CHECK: a database in use before it keeps every announcement,
// every row that references one, the references themselves and the id sequence, and then takes the new kinds.
public sealed class ProcedureKindsMigrationTests
{
    private const string Before = "0015_";

    private const string Rows = """
        INSERT INTO Region (Code, ParentCode, Level, Name, NameEn) VALUES
            ('511903000000', NULL, 'District', '恩阳区', 'Enyang District'),
            ('511903100000', '511903000000', 'Township', '玉溪镇', 'Yuxi Town'),
            ('511903100201', '511903100000', 'Village', '桂花村', 'Guihua Village'),
            ('51190310020101', '511903100201', 'Group', '一组', 'Group 1');
        INSERT INTO Household (Id, GroupCode, VillageCode, TownshipCode, HeadName, Size, Attribute, Cause, Status, IdNumberCipher, IdNumberHash, CreatedUtc, UpdatedUtc)
        VALUES (1, '51190310020101', '511903100201', '511903100000', '王德明', 3, 'General', 'Illness', 'Identified', 'c', 'h', '2026-01-01', '2026-01-01');
        INSERT INTO Announcement (Id, Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc, PeriodStart, PeriodEnd, RevisionReason)
        VALUES (1, 'Exit', 'VillagePublicity', 'Superseded', '511903100201', '脱贫退出', 2026, 'clerk', '2026-01-01', '2026-01-02', '2026-01-08', NULL),
               (2, 'Exit', 'VillagePublicity', 'Finalized', '511903100201', '脱贫退出', 2026, 'clerk', '2026-01-01', '2026-01-02', '2026-01-08', '更正');
        UPDATE Announcement SET PreviousVersionId = 1, Version = 2 WHERE Id = 2;
        INSERT INTO Announcement (Id, Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc, PreviousStageId)
        VALUES (3, 'Exit', 'TownshipPublicity', 'Draft', '511903100201', '脱贫退出', 2026, 'reviewer', '2026-01-09', 2),
               (4, 'Identification', 'VillagePublicity', 'Draft', '511903100201', '识别', 2026, 'clerk', '2026-01-09', NULL);
        DELETE FROM Announcement WHERE Id = 4;
        INSERT INTO AnnouncementEntry (Id, AnnouncementId, Position, HouseholdId, Subject) VALUES (1, 2, 1, 1, '王德明'), (2, 3, 1, 1, '王德明');
        INSERT INTO Objection (Id, AnnouncementId, EntryId, Category, Text, TextHash, Anonymous, Channel, ReceiptHash, State, Queue, QueueRegionCode, ReceivedUtc)
        VALUES (1, 2, 1, 'FalseExit', '收入不实', 't', 1, 'Web', 'r', 'Received', 'Township', '511903100000', '2026-01-03');
        INSERT INTO AnnouncementDrop (AnnouncementId, EntryId, Reason, DroppedBy, DroppedUtc) VALUES (3, 1, '迁出', 'reviewer', '2026-01-09');
        INSERT INTO HouseholdStatusChange (HouseholdId, FromStatus, ToStatus, AnnouncementId, ChangedUtc) VALUES (1, 'Identified', 'Exited', 2, '2026-01-10');
        """;

    private const string Snapshot = """
        SELECT (SELECT group_concat(Id || Kind || Stage || Status || ifnull(PreviousVersionId, '-') || ifnull(PreviousStageId, '-') || Version
                                    || ifnull(PeriodEnd, '-') || ifnull(RevisionReason, '-'), ';') FROM (SELECT * FROM Announcement ORDER BY Id))
            || '|' || (SELECT group_concat(Id || ':' || AnnouncementId, ';') FROM AnnouncementEntry)
            || '|' || (SELECT group_concat(Id || ':' || AnnouncementId || ':' || EntryId, ';') FROM Objection)
            || '|' || (SELECT group_concat(AnnouncementId || ':' || EntryId || Reason, ';') FROM AnnouncementDrop)
            || '|' || (SELECT group_concat(HouseholdId || ':' || AnnouncementId, ';') FROM HouseholdStatusChange)
        """;

    [Fact]
    public async Task Migrate_DatabaseInUseBefore0015_KeepsEveryAnnouncementReferenceAndIdAndTakesTheNewKinds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = SqliteTestDatabase.Create();
        await using var c = await database.Db.OpenAsync(ct);
        await OldSchema.ApplyBeforeAsync(c, Before);
        await c.ExecuteAsync(Rows);
        var before = await c.ExecuteScalarAsync<string>(Snapshot);

        var applied = await database.Migrator.MigrateAsync(ct);

        Assert.Contains(applied, s => s.StartsWith(Before, StringComparison.Ordinal));
        Assert.Equal(before, await c.ExecuteScalarAsync<string>(Snapshot));
        Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
        // The other tables still reference Announcement itself, not a table renamed away.
        var ddl = (await c.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE sql LIKE '%Announcement%'")).AsList();
        Assert.DoesNotContain(ddl, sql => sql.Contains("Announcement_copy", StringComparison.Ordinal) || sql.Contains("REFERENCES \"", StringComparison.Ordinal));
        Assert.Equal(["IX_Announcement_PreviousStage", "IX_Announcement_PreviousVersion", "IX_Announcement_Region", "IX_Announcement_Status"],
            (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Announcement' AND name LIKE 'IX_%' ORDER BY name")).AsList());
        // A new kind is stored, takes an id after the deleted 4, and the references are enforced.
        await c.ExecuteAsync("INSERT INTO Announcement (Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc) VALUES ('MonitoringInclusion', 'VillagePublicity', 'Draft', '511903100201', '纳入监测', 2026, 'clerk', '2026-02-01')");
        await c.ExecuteAsync("INSERT INTO Announcement (Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc) VALUES ('RiskElimination', 'VillagePublicity', 'Draft', '511903100201', '风险消除', 2026, 'clerk', '2026-02-01')");
        Assert.Equal([5L, 6L], (await c.QueryAsync<long>("SELECT Id FROM Announcement WHERE Id > 3 ORDER BY Id")).AsList());
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            c.ExecuteAsync("INSERT INTO AnnouncementEntry (AnnouncementId, Position, HouseholdId, Subject) VALUES (99, 1, 1, 'x')"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            c.ExecuteAsync("DELETE FROM Announcement WHERE Id = 2"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            c.ExecuteAsync("INSERT INTO Announcement (Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc) VALUES ('Unknown', 'VillagePublicity', 'Draft', '511903100201', 'x', 2026, 'clerk', '2026-02-01')"));
    }
}
