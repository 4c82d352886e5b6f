using Dapper;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// 0019 gives every case its lane and rebuilds Objection (Queue CHECK) and StaffUser (Role CHECK) in SQLite: a database
// in use before it keeps every case, reference and id; existing cases get their lane from their category, open
// misconduct cases move to discipline inspection, an old second appeal held by inspection moves to the review office,
// and the deadlines follow in working days from each receipt date.
public sealed class CaseLanesMigrationTests
{
    private const string Before = "0019_";

    private const string Rows = """
        INSERT INTO Region (Code, ParentCode, Level, Name, NameEn) VALUES
            ('511903000000', NULL, 'District', '恩阳区', 'Enyang District'),
            ('511903100000', '511903000000', 'Township', '玉溪镇', 'Yuxi Town'),
            ('511903100201', '511903100000', 'Village', '桂花村', 'Guihua Village');
        INSERT INTO Announcement (Id, Kind, Stage, Status, RegionCode, Title, Year, CreatedBy, CreatedUtc, PeriodStart, PeriodEnd)
        VALUES (1, 'Exit', 'VillagePublicity', 'Published', '511903100201', '脱贫退出', 2026, 'clerk', '2026-09-01', '2026-09-18', '2026-09-25');
        INSERT INTO StaffUser (Id, UserName, DisplayName, PasswordHash, Role, RegionCode, CreatedUtc, SecurityStamp)
        VALUES (1, 'inspector', '周明', 'h', 'DisciplineInspector', '511903000000', '2026-01-01', 's'),
               (2, 'yuxi.reviewer', '李', 'h', 'TownshipReviewer', '511903100000', '2026-01-01', 's');
        INSERT INTO Objection (Id, AnnouncementId, Category, Text, TextHash, Anonymous, Channel, ReceiptHash, State, Queue, QueueRegionCode, ReceivedUtc, AssignedTo)
        VALUES (1, 1, 'FalseExit', '收入不实', 't1', 1, 'Web', 'r1', 'Received', 'Township', '511903100000', '2026-09-19 02:00:00', NULL),
               (2, 1, 'Favouritism', '优亲厚友', 't2', 0, 'Web', 'r2', 'Admissible', 'Township', '511903100000', '2026-09-19 02:00:00', 'yuxi.reviewer'),
               (3, 1, 'MisuseOfFunds', '挪用资金', 't3', 1, 'Web', 'r3', 'Escalated', 'DisciplineInspection', '511903000000', '2026-09-19 02:00:00', NULL),
               (4, 1, 'WronglyIncluded', '不符合条件', 't4', 1, 'Web', 'r4', 'Escalated', 'DisciplineInspection', '511903000000', '2026-09-19 02:00:00', 'inspector'),
               (5, 1, 'Other', '其他', 't5', 1, 'Web', 'r5', 'Closed', 'DisciplineInspection', '511903000000', '2026-09-19 02:00:00', 'inspector');
        INSERT INTO ObjectionEvent (ObjectionId, Kind, State, CreatedUtc) VALUES (1, 'Received', 'Received', '2026-09-19'), (4, 'StateChanged', 'Escalated', '2026-09-20');
        INSERT INTO Recusal (ObjectionId, UserName, Reason, CreatedUtc) VALUES (2, 'yuxi.reviewer', '亲属', '2026-09-20');
        INSERT INTO StaffSession (TokenHash, StaffUserId, SecurityStamp, CreatedUtc, LastSeenUtc) VALUES ('tok', 1, 's', '2026-09-20', '2026-09-20');
        """;

    private const string Snapshot = """
        SELECT (SELECT group_concat(Id || ':' || Category || ':' || ReceiptHash || ':' || ReceivedUtc, ';') FROM (SELECT * FROM Objection ORDER BY Id))
            || '|' || (SELECT group_concat(ObjectionId || Kind, ';') FROM ObjectionEvent)
            || '|' || (SELECT group_concat(ObjectionId || UserName, ';') FROM Recusal)
            || '|' || (SELECT group_concat(Id || UserName || Role, ';') FROM (SELECT * FROM StaffUser ORDER BY Id))
            || '|' || (SELECT group_concat(StaffUserId, ';') FROM StaffSession)
        """;

    [Fact]
    public async Task Migrate_CasesFromBefore0019_GetTheirLaneAndQueue_KeepEveryReference_AndTheirDeadlinesCountWorkingDays()
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
        var ddl = (await c.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")).AsList();
        Assert.DoesNotContain(ddl, sql => sql.Contains("_copy", StringComparison.Ordinal) || sql.Contains("REFERENCES \"", StringComparison.Ordinal));

        var rows = new Dictionary<long, ObjectionRow>();
        for (long id = 1; id <= 5; id++) rows[id] = (await database.Objections.GetAsync(id, ct))!;
        // The lane follows the category.
        Assert.Equal([CaseLane.Administrative, CaseLane.Misconduct, CaseLane.Misconduct, CaseLane.Administrative, CaseLane.Administrative],
            rows.Values.Select(r => r.Lane));
        // An open favouritism case a township held goes to the district's inspection, unassigned.
        Assert.Equal((ReviewQueue.DisciplineInspection, "511903000000", (string?)null, ObjectionState.Admissible),
            (rows[2].Queue, rows[2].QueueRegionCode, rows[2].AssignedTo, rows[2].State));
        // Escalated is no misconduct state: it is under investigation, to be closed with a disposition.
        Assert.Equal((ReviewQueue.DisciplineInspection, ObjectionState.UnderInvestigation), (rows[3].Queue, rows[3].State));
        // An old second appeal that inspection held goes to the review office, unassigned; a closed one stays as it was.
        Assert.Equal((ReviewQueue.ReviewOffice, (string?)null, ObjectionState.Escalated), (rows[4].Queue, rows[4].AssignedTo, rows[4].State));
        Assert.Equal((ReviewQueue.DisciplineInspection, "inspector"), (rows[5].Queue, rows[5].AssignedTo));
        Assert.Equal((ReviewQueue.Township, ObjectionState.Received), (rows[1].Queue, rows[1].State));

        // Deadlines are computed from the receipt (Saturday 2026-09-19) in working days: the 调休 Sunday counts.
        var calendar = new WorkingDays([2026], ChinaSchedule.Year2026.Days());
        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 9, 24), new DateOnly(2026, 10, 15)), database.Workflow.Deadlines(calendar, rows[1]));
        Assert.Equal(new CaseDeadlines(new DateOnly(2026, 9, 24), null, new DateOnly(2026, 10, 15)), database.Workflow.Deadlines(calendar, rows[2]));

        // The new queue, role, lane and disposition are taken; anything else is refused; ids are never handed out twice.
        await c.ExecuteAsync("INSERT INTO StaffUser (UserName, DisplayName, PasswordHash, Role, RegionCode, CreatedUtc) VALUES ('review.officer', '陈', 'h', 'ReviewOfficer', '511903000000', '2026-10-01')");
        Assert.Equal(3L, await c.ExecuteScalarAsync<long>("SELECT Id FROM StaffUser WHERE UserName = 'review.officer'"));
        await c.ExecuteAsync("UPDATE Objection SET Disposition = 'HeldForLater' WHERE Id = 3");
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => c.ExecuteAsync("UPDATE Objection SET Lane = 'Other' WHERE Id = 1"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => c.ExecuteAsync("UPDATE Objection SET Queue = 'Elsewhere' WHERE Id = 1"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => c.ExecuteAsync("UPDATE StaffUser SET Role = 'Boss' WHERE Id = 1"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => c.ExecuteAsync("DELETE FROM Objection WHERE Id = 1"));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => c.ExecuteAsync("DELETE FROM StaffUser WHERE Id = 1"));
    }
}
