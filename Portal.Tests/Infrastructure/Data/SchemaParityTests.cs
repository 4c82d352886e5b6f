using System.Text.RegularExpressions;
using Dapper;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// Both dialects, after every migration, describe one schema: the same tables, the same columns (their types differ
// by dialect), the same CHECK (Column IN (…)) lists; and a list over an enum-valued column holds exactly the enum's
// names, the text Dapper writes. SQLite is read from a migrated database, SQL Server from its scripts by ScriptDom.
public sealed partial class SchemaParityTests
{
    // Every column that stores a C# enum by name.
    private static readonly Dictionary<(string Table, string Column), Type> EnumColumns = new()
    {
        [("Region", "Level")] = typeof(RegionLevel),
        [("Household", "Attribute")] = typeof(HouseholdAttribute),
        [("Household", "Cause")] = typeof(PovertyCause),
        [("Household", "Status")] = typeof(HouseholdStatus),
        [("HouseholdStatusChange", "FromStatus")] = typeof(HouseholdStatus),
        [("HouseholdStatusChange", "ToStatus")] = typeof(HouseholdStatus),
        [("Cadre", "Role")] = typeof(CadreRole),
        [("StaffUser", "Role")] = typeof(StaffRole),
        [("AssistanceMeasure", "Kind")] = typeof(MeasureKind),
        [("AssistanceMeasure", "Status")] = typeof(MeasureStatus),
        [("Announcement", "Kind")] = typeof(AnnouncementKind),
        [("Announcement", "Stage")] = typeof(AnnouncementStage),
        [("Announcement", "Status")] = typeof(AnnouncementStatus),
        [("AnnouncementEntry", "Attribute")] = typeof(HouseholdAttribute),
        [("AnnouncementEntry", "Cause")] = typeof(PovertyCause),
        [("Objection", "Category")] = typeof(ObjectionCategory),
        [("Objection", "Channel")] = typeof(ObjectionChannel),
        [("Objection", "State")] = typeof(ObjectionState),
        [("Objection", "Queue")] = typeof(ReviewQueue),
        [("Objection", "Outcome")] = typeof(Outcome),
        [("Objection", "Lane")] = typeof(CaseLane),
        [("Objection", "Disposition")] = typeof(Disposition),
        [("ObjectionEvent", "Kind")] = typeof(ObjectionEventKind),
        [("ObjectionEvent", "State")] = typeof(ObjectionState),
        [("CalendarDay", "Kind")] = typeof(Portal.Features.Calendar.CalendarDayKind),
        [("DeadlineExtension", "Deadline")] = typeof(CaseDeadline),
        [("IdentityRevealRequest", "State")] = typeof(RevealState),
        [("Report", "Kind")] = typeof(Portal.Features.Reports.ReportKind),
        [("Report", "State")] = typeof(Portal.Features.Reports.ReportState),
        [("ReportEvent", "Kind")] = typeof(Portal.Features.Reports.ReportEventKind),
        [("MonitoringCase", "Type")] = typeof(MonitoringType),
        [("MonitoringCase", "Status")] = typeof(MonitoringStatus),
        [("MonitoringStatusChange", "FromStatus")] = typeof(MonitoringStatus),
        [("MonitoringStatusChange", "ToStatus")] = typeof(MonitoringStatus),
        [("AnnouncementEntry", "MonitoringType")] = typeof(MonitoringType),
        [("ReplyTemplate", "Lane")] = typeof(CaseLane),
        [("ReplyTemplate", "Category")] = typeof(ObjectionCategory),
        [("ReplyTemplate", "Outcome")] = typeof(ReplyTemplateOutcome),
        [("AddressEvent", "Kind")] = typeof(AddressEventKind),
    };

    // Enum-valued columns that have no CHECK list in either dialect (adding one to SQLite means rebuilding the table).
    private static readonly HashSet<(string Table, string Column)> WithoutCheck =
    [
        ("HouseholdStatusChange", "FromStatus"), ("HouseholdStatusChange", "ToStatus"),
        ("AnnouncementEntry", "Attribute"), ("AnnouncementEntry", "Cause"),
        ("Objection", "State"), ("ObjectionEvent", "State"),
    ];

    // CHECK lists over columns that are not enums, with what they must hold.
    private static readonly Dictionary<(string Table, string Column), string[]> OtherLists = new()
    {
        [("ObjectionAttachment", "ContentType")] = ["application/pdf", "image/jpeg", "image/png"],
    };

    [Fact]
    public async Task Dialects_AfterAllMigrations_HaveTheSameTablesAndColumns()
    {
        var sqlite = await SqliteSchemaAsync();
        var sqlServer = SqlServerSchema();

        Assert.True(sqlite.Columns.Count >= 15, $"Expected the portal's tables, found {sqlite.Columns.Count}.");
        Assert.Equal(Describe(sqlite.Columns), Describe(sqlServer.Columns));
    }

    [Fact]
    public async Task Dialects_AfterAllMigrations_HaveTheSameCheckLists()
    {
        var sqlite = await SqliteSchemaAsync();
        var sqlServer = SqlServerSchema();

        Assert.True(sqlite.Checks.Count >= 10, $"Expected the portal's CHECK lists, found {sqlite.Checks.Count}.");
        Assert.Equal(Describe(sqlite.Checks), Describe(sqlServer.Checks));
    }

    [Fact]
    public async Task CheckLists_OverEnumColumns_HoldExactlyTheEnumNames()
    {
        foreach (var (dialect, schema) in new[] { ("sqlite", await SqliteSchemaAsync()), ("sqlserver", SqlServerSchema()) })
        {
            foreach (var ((table, column), values) in schema.Checks)
            {
                var expected = EnumColumns.TryGetValue((table, column), out var type) ? Enum.GetNames(type)
                    : OtherLists.TryGetValue((table, column), out var other) ? other
                    : throw new Xunit.Sdk.XunitException($"{dialect}: {table}.{column} has a CHECK list but the test does not say which enum it holds.");
                Assert.True(expected.Order().SequenceEqual(values.Order()),
                    $"{dialect}: CHECK list of {table}.{column} is ({string.Join(", ", values)}), {type?.Name ?? "expected"} is ({string.Join(", ", expected)}).");
            }
            foreach (var (table, column) in EnumColumns.Keys)
            {
                Assert.True(schema.Columns.TryGetValue(table, out var columns) && columns.Contains(column), $"{dialect}: no column {table}.{column}.");
                Assert.True(schema.Checks.ContainsKey((table, column)) != WithoutCheck.Contains((table, column)),
                    $"{dialect}: {table}.{column} {(WithoutCheck.Contains((table, column)) ? "now has a CHECK list: take it off WithoutCheck" : "has no CHECK list")}.");
            }
        }
    }

    // PostgreSQL is read from a database migrated on the server PORTAL_TEST_POSTGRES names; it folds unquoted names to
    // lower case, so the comparison is by lower-case name.
    [Fact]
    public async Task PostgreSql_AfterAllMigrations_HasTheSameTablesColumnsAndCheckLists()
    {
        var server = PostgreSqlTestDatabase.Server();
        var sqlite = await SqliteSchemaAsync();
        var postgres = await PostgreSqlSchemaAsync(server);

        Assert.True(postgres.Checks.Count >= 10, $"Expected the portal's CHECK lists, found {postgres.Checks.Count}.");
        Assert.Equal(Describe(Lower(sqlite.Columns)), Describe(postgres.Columns));
        Assert.Equal(Describe(sqlite.Checks.ToDictionary(c => (c.Key.Table.ToLowerInvariant(), c.Key.Column.ToLowerInvariant()), c => c.Value)), Describe(postgres.Checks));
        var indexes = (await SqliteIndexesAsync()).Select(i => i.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        Assert.True(indexes.SequenceEqual(postgres.Indexes), $"only SQLite: {string.Join("; ", indexes.Except(postgres.Indexes))}; only PostgreSQL: {string.Join("; ", postgres.Indexes.Except(indexes))}");
        var sizes = Describe(SqlServerSchema().Lengths.ToDictionary(l => (l.Key.Table.ToLowerInvariant(), l.Key.Column.ToLowerInvariant()), l => l.Value));
        var postgresSizes = Describe(postgres.Lengths);
        Assert.True(sizes.SequenceEqual(postgresSizes), $"only SQL Server: {string.Join("; ", sizes.Except(postgresSizes))}; only PostgreSQL: {string.Join("; ", postgresSizes.Except(sizes))}");
    }

    private static List<string> Describe(Dictionary<(string Table, string Column), int> lengths) =>
        lengths.Select(l => $"{l.Key.Table}.{l.Key.Column}({l.Value})").Order(StringComparer.Ordinal).ToList();

    // What staff or residents type into a sized column is refused in C# beyond the column's size (SQL Server would
    // otherwise raise error 2628 and end the staff circuit, PostgreSQL 22001): each such column and the rule's limit.
    private static readonly Dictionary<(string Table, string Column), int> TypedColumns = new()
    {
        [("Household", "HeadName")] = HouseholdImport.MaximumHeadName,
        [("Cadre", "Name")] = AssistanceRules.MaximumCadreName,
        [("Cadre", "Organisation")] = AssistanceRules.MaximumOrganisation,
        [("Cadre", "OfficePhone")] = AssistanceRules.MaximumPhone,
        [("StaffUser", "UserName")] = StaffAdministration.MaximumUserName,
        [("StaffUser", "DisplayName")] = StaffAdministration.MaximumDisplayName,
        [("AssistanceMeasure", "Outcome")] = AssistanceRules.MaximumOutcome,
        [("Project", "Name")] = AssistanceRules.MaximumShortText,
        [("Project", "Place")] = AssistanceRules.MaximumShortText,
        [("Project", "Task")] = AssistanceRules.MaximumLongText,
        [("Project", "SubsidyStandard")] = AssistanceRules.MaximumShortText,
        [("Project", "FundSource")] = AssistanceRules.MaximumShortText,
        [("Project", "Implementer")] = AssistanceRules.MaximumShortText,
        [("Project", "Schedule")] = AssistanceRules.MaximumShortText,
        [("Project", "ResponsiblePerson")] = AssistanceRules.MaximumShortText,
        [("Project", "PerformanceTargets")] = AssistanceRules.MaximumLongText,
        [("Project", "BenefitMechanism")] = AssistanceRules.MaximumLongText,
        [("Announcement", "RevisionReason")] = AnnouncementRules.MaximumRevisionReason,
        [("Announcement", "StatusReason")] = AnnouncementRules.MaximumWithdrawalReason,
        [("AnnouncementEntry", "WithdrawnReason")] = AnnouncementRules.MaximumWithdrawalReason,
        [("AnnouncementDrop", "Reason")] = AnnouncementRules.MaximumDropReason,
        [("MonitoringCase", "Risk")] = MonitoringRules.MaximumRisk,
        [("Report", "Subject")] = Portal.Features.Reports.ReportRules.MaximumSubject,
        [("CalendarDay", "Name")] = Portal.Features.Calendar.CalendarDayRules.NameLength,
        [("ReplyTemplate", "Title")] = ReplyTemplateRules.TitleLength,
        [("ReplyTemplate", "Body")] = ReplyTemplateRules.BodyLength,
        [("IdentityRevealRequest", "Reason")] = IdentityRevealRules.MaximumReason,
        [("IdentityRevealRequest", "DecisionReason")] = IdentityRevealRules.MaximumReason,
        [("DeadlineExtension", "Reason")] = ExtensionRules.MaximumReason,
        [("ConflictDeclaration", "Reason")] = ReviewWorkflow.MaxReason,
        [("Recusal", "Reason")] = ReviewWorkflow.MaxReason,
        [("ObjectionAttachment", "OriginalName")] = AttachmentSniffer.MaximumOriginalName,
        // The actor of every record is a user name.
        [("Announcement", "CreatedBy")] = StaffAdministration.MaximumUserName,
        [("AnnouncementDrop", "DroppedBy")] = StaffAdministration.MaximumUserName,
        [("AuditEvent", "Actor")] = StaffAdministration.MaximumUserName,
        [("DeadlineExtension", "Actor")] = StaffAdministration.MaximumUserName,
        [("IdentityRevealRequest", "Asker")] = StaffAdministration.MaximumUserName,
        [("IdentityRevealRequest", "Decider")] = StaffAdministration.MaximumUserName,
        [("MonitoringCase", "CreatedBy")] = StaffAdministration.MaximumUserName,
        [("Objection", "AssignedTo")] = StaffAdministration.MaximumUserName,
        [("Objection", "EnteredBy")] = StaffAdministration.MaximumUserName,
        [("ObjectionEvent", "Actor")] = StaffAdministration.MaximumUserName,
        [("Recusal", "UserName")] = StaffAdministration.MaximumUserName,
        [("ReplyTemplate", "UpdatedBy")] = StaffAdministration.MaximumUserName,
        [("Report", "AssignedTo")] = StaffAdministration.MaximumUserName,
        [("ReportEvent", "Actor")] = StaffAdministration.MaximumUserName,
    };

    // Unicode columns written by the portal's own code from bounded parts, not typed: generated numbers and titles,
    // ciphertexts of bounded fields, copies of a household's or project's sized columns, seeded regions and calendars.
    private static readonly HashSet<(string Table, string Column)> WrittenByCode =
    [
        ("Region", "Name"), ("Region", "NameEn"), ("Announcement", "Title"), ("AnnouncementDrop", "CaseNumber"),
        ("AnnouncementEntry", "GroupName"), ("AnnouncementEntry", "Subject"), ("AnnouncementEntry", "Measures"),
        ("AnnouncementEntry", "Cadre"), ("AnnouncementEntry", "Implementer"), ("AuditEvent", "Subject"),
        ("Objection", "CaseNumber"), ("Objection", "IdentityCipher"), ("Report", "CaseNumber"), ("Report", "IdentityCipher"),
        ("CalendarYear", "Source"), ("JobLease", "Holder"), ("DataProtectionKey", "FriendlyName"),
        ("AnnouncementEntry", "Place"), ("AnnouncementEntry", "Task"), ("AnnouncementEntry", "SubsidyStandard"),
        ("AnnouncementEntry", "FundSource"), ("AnnouncementEntry", "Schedule"), ("AnnouncementEntry", "ResponsiblePerson"),
        ("AnnouncementEntry", "PerformanceTargets"), ("AnnouncementEntry", "BenefitMechanism"), ("EntryNameGram", "Gram"), ("HouseholdNameGram", "Gram"),
    ];

    [Fact]
    public void TypedColumns_RefusedInCSharpBeyondTheirSize_AndEveryUnicodeColumnIsAccountedFor()
    {
        var schema = SqlServerSchema();
        var lengths = schema.Lengths;
        foreach (var ((table, column), limit) in TypedColumns)
        {
            Assert.True(lengths.TryGetValue((table, column), out var size), $"{table}.{column} has no size in the scripts.");
            Assert.True(limit == size, $"{table}.{column} holds {size} characters, the rule allows {limit}.");
        }
        var unicode = schema.Unicode.ToList();
        Assert.True(unicode.Count >= 40, $"Expected the portal's NVARCHAR columns, found {unicode.Count}.");
        var unaccounted = unicode.Where(k => !TypedColumns.ContainsKey(k) && !WrittenByCode.Contains(k)).Select(k => $"{k.Table}.{k.Column}").ToList();
        Assert.True(unaccounted.Count == 0, $"Say whether these are typed (with the rule's limit) or written by code: {string.Join(", ", unaccounted)}.");
        Assert.DoesNotContain(WrittenByCode, TypedColumns.ContainsKey);
    }

    private static Dictionary<string, SortedSet<string>> Lower(Dictionary<string, SortedSet<string>> columns) =>
        columns.ToDictionary(t => t.Key.ToLowerInvariant(), t => new SortedSet<string>(t.Value.Select(c => c.ToLowerInvariant()), StringComparer.Ordinal));

    private static async Task<Schema> PostgreSqlSchemaAsync(string server)
    {
        var name = PostgreSqlTestDatabase.NewDatabase(server);
        try
        {
            var db = new DbConnectionFactory(DatabaseProvider.PostgreSql, PostgreSqlTestDatabase.ConnectionString(server, name));
            await new Migrator(db, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
            await using var c = await db.OpenAsync(TestContext.Current.CancellationToken);
            var described = (await c.QueryAsync<(string Table, string Column, int? Length)>("""
                SELECT table_name, column_name, character_maximum_length FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name <> 'schemaversion'
                """)).ToList();
            var columns = described.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => new SortedSet<string>(g.Select(r => r.Column), StringComparer.Ordinal));
            var lengths = described.Where(r => r.Length is not null).ToDictionary(r => (r.Table, r.Column), r => r.Length!.Value);
            var definitions = await c.QueryAsync<(string Table, string Definition)>("""
                SELECT t.relname, pg_get_constraintdef(k.oid)
                  FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE k.contype = 'c' AND n.nspname = 'public'
                """);
            // PostgreSQL shows Kind IN ('A', 'B') as ((kind)::text = ANY ((ARRAY['A'::character varying, 'B'::character varying])::text[])).
            var checks = new Dictionary<(string, string), List<string>>();
            foreach (var (table, definition) in definitions)
            {
                foreach (Match m in PostgreSqlInList().Matches(definition))
                {
                    checks[(table, m.Groups["column"].Value)] = Literal().Matches(m.Groups["values"].Value).Select(v => v.Groups[1].Value.Replace("''", "'")).ToList();
                }
            }
            // Indexes that back a PRIMARY KEY or UNIQUE constraint are the constraint's (SQLite names those sqlite_autoindex_*).
            var indexes = (await c.QueryAsync<(string Name, string Table, string Definition)>("""
                SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
                 WHERE i.schemaname = 'public' AND i.indexname LIKE 'ix\_%'
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.contype IN ('p', 'u'))
                """)).Select(i => Index(i.Name, i.Table, IndexColumns().Match(i.Definition[i.Definition.IndexOf(" USING ", StringComparison.Ordinal)..]).Groups["columns"].Value))
                .Order(StringComparer.Ordinal).ToList();
            return new Schema(columns, checks) { Indexes = indexes, Lengths = lengths };
        }
        finally
        {
            await PostgreSqlTestDatabase.DropAsync(server, name);
        }
    }

    [GeneratedRegex(@"\(?(?<column>\w+)\)?::text = ANY \(\(?ARRAY\[(?<values>[^\]]*)\]")]
    private static partial Regex PostgreSqlInList();

    // Every look-up index (IX_) exists in every dialect, on the same columns: a look-up that seeks on one engine seeks on
    // all. (Uniqueness is each dialect's own: SQLite's UNIQUE column allows many NULLs, the others need a filtered index.)
    [Fact]
    public async Task Dialects_AfterAllMigrations_HaveTheSameIndexes()
    {
        var sqlite = await SqliteIndexesAsync();
        var sqlServer = SqlServerIndexes();

        Assert.Contains("IX_Objection_Entry: Objection (EntryId)", sqlite);
        Assert.True(sqlite.SequenceEqual(sqlServer), $"only SQLite: {string.Join("; ", sqlite.Except(sqlServer))}; only SQL Server: {string.Join("; ", sqlServer.Except(sqlite))}");
    }

    private static async Task<List<string>> SqliteIndexesAsync()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        await using var c = await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        var indexes = await c.QueryAsync<(string Name, string Table, string Sql)>(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
        return indexes.Where(i => i.Name.StartsWith("IX_", StringComparison.Ordinal))
            .Select(i => Index(i.Name, i.Table, IndexColumns().Match(i.Sql).Groups["columns"].Value)).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> SqlServerIndexes()
    {
        var indexes = new Dictionary<string, string>();
        foreach (var batch in Migrator.Scripts(DatabaseProvider.SqlServer).SelectMany(s => Migrator.Batches(s.Sql)))
        {
            // In the order the batch gives them: an index dropped and made again on other columns is the new one.
            foreach (var m in CreateIndex().Matches(batch).Concat(DropIndex().Matches(batch)).OrderBy(m => m.Index))
            {
                if (m.Groups["table"].Success) indexes[m.Groups["name"].Value] = Index(m.Groups["name"].Value, m.Groups["table"].Value, m.Groups["columns"].Value);
                else indexes.Remove(m.Groups["name"].Value);
            }
        }
        return indexes.Where(i => i.Key.StartsWith("IX_", StringComparison.Ordinal)).Select(i => i.Value).Order(StringComparer.Ordinal).ToList();
    }

    private static string Index(string name, string table, string columns) =>
        $"{name}: {table} ({string.Join(", ", columns.Split(',').Select(c => c.Trim().Trim('"')))})";

    [GeneratedRegex(@"\((?<columns>[^)]*)\)")]
    private static partial Regex IndexColumns();

    [GeneratedRegex(@"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?<name>\w+)\s+ON\s+(?:dbo\.)?(?<table>\w+)\s*\((?<columns>[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(?<name>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DropIndex();

    [Fact]
    public void SqlServerReader_FollowsAlterAndDrop()
    {
        var schema = SqlServerSchema([
            "CREATE TABLE dbo.T (Id INT NOT NULL, Kind VARCHAR(9) NOT NULL CONSTRAINT CK_T_Kind CHECK (Kind IN ('A', 'B')), Gone INT NULL);",
            "ALTER TABLE dbo.T ADD Extra INT NULL, State VARCHAR(9) NULL CONSTRAINT CK_T_State CHECK (State IN ('X'));",
            "ALTER TABLE dbo.T DROP CONSTRAINT CK_T_Kind; ALTER TABLE dbo.T DROP COLUMN Gone;",
            "ALTER TABLE dbo.T ADD CONSTRAINT CK_T_Kind2 CHECK (Kind IN ('A', 'B', 'C'));",
            "CREATE TABLE dbo.Old (Id INT NOT NULL); DROP TABLE dbo.Old;",
        ]);

        Assert.Equal(["T: Extra, Id, Kind, State"], Describe(schema.Columns));
        Assert.Equal(["T.Kind: A, B, C", "T.State: X"], Describe(schema.Checks));
    }

    [Fact]
    public void SqliteReader_FindsInListsInStoredDdl()
    {
        var checks = SqliteChecks("T", "CREATE TABLE T (Level TEXT NOT NULL CHECK (Level IN ('District', 'Township')), Size INTEGER CHECK (Size BETWEEN 1 AND 3),\n" +
                                       "CHECK ((Level = 'Group' AND length(Code) = 14) OR (Kind IN ('a','b'))))");

        Assert.Equal(["T.Kind: a, b", "T.Level: District, Township"], Describe(checks));
    }

    private sealed record Schema(Dictionary<string, SortedSet<string>> Columns, Dictionary<(string Table, string Column), List<string>> Checks)
    {
        public List<string> Indexes { get; init; } = [];

        // (N)VARCHAR(n) and (N)CHAR(n) columns and their n; (MAX) and SQLite's TEXT have none.
        public Dictionary<(string Table, string Column), int> Lengths { get; init; } = [];

        public HashSet<(string Table, string Column)> Unicode { get; init; } = [];
    }

    private static List<string> Describe(Dictionary<string, SortedSet<string>> columns) =>
        columns.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}: {string.Join(", ", t.Value)}").ToList();

    private static List<string> Describe(Dictionary<(string Table, string Column), List<string>> checks) =>
        checks.Select(c => $"{c.Key.Table}.{c.Key.Column}: {string.Join(", ", c.Value.Order(StringComparer.Ordinal))}").Order(StringComparer.Ordinal).ToList();

    // The migrator's own journal is created by code, not by a script, in each dialect.
    private const string Journal = "SchemaVersion";

    private static async Task<Schema> SqliteSchemaAsync()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        await using var c = await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        var tables = (await c.QueryAsync<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> @Journal", new { Journal })).AsList();
        var columns = new Dictionary<string, SortedSet<string>>();
        var checks = new Dictionary<(string, string), List<string>>();
        foreach (var (name, sql) in tables)
        {
            columns[name] = new SortedSet<string>(await c.QueryAsync<string>("SELECT name FROM pragma_table_info(@name)", new { name }), StringComparer.Ordinal);
            foreach (var check in SqliteChecks(name, sql)) checks.Add(check.Key, check.Value);
        }
        return new Schema(columns, checks);
    }

    // SQLite keeps each table's DDL as written, with every later ALTER TABLE applied to the text.
    private static Dictionary<(string Table, string Column), List<string>> SqliteChecks(string table, string ddl) =>
        InList().Matches(ddl).ToDictionary(
            m => (table, m.Groups["column"].Value),
            m => Literal().Matches(m.Groups["values"].Value).Select(v => v.Groups[1].Value.Replace("''", "'")).ToList());

    [GeneratedRegex(@"\b(?<column>\w+)\s+IN\s*\((?<values>\s*'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*\s*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex InList();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Literal();

    private static Schema SqlServerSchema() =>
        SqlServerSchema(Migrator.Scripts(DatabaseProvider.SqlServer).SelectMany(s => Migrator.Batches(s.Sql)));

    // Replays the scripts' DDL: CREATE TABLE, ALTER TABLE … ADD (columns and constraints), … DROP, DROP TABLE.
    private static Schema SqlServerSchema(IEnumerable<string> batches)
    {
        var columns = new Dictionary<string, SortedSet<string>>();
        var lengths = new Dictionary<(string Table, string Column), int>();
        var unicode = new HashSet<(string Table, string Column)>();
        var checks = new List<(string Name, string Table, string Column, List<string> Values)>();
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var batch in batches)
        {
            var script = (TSqlScript)parser.Parse(new StringReader(batch), out var errors);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Message)) + "\n" + batch);
            foreach (var statement in script.Batches.SelectMany(b => b.Statements))
            {
                switch (statement)
                {
                    case CreateTableStatement create:
                        var created = create.SchemaObjectName.BaseIdentifier.Value;
                        columns[created] = new SortedSet<string>(StringComparer.Ordinal);
                        Add(created, create.Definition);
                        break;
                    case AlterTableAddTableElementStatement add:
                        Add(add.SchemaObjectName.BaseIdentifier.Value, add.Definition);
                        break;
                    case AlterTableDropTableElementStatement drop:
                        foreach (var element in drop.AlterTableDropTableElements)
                        {
                            if (element.TableElementType == TableElementType.Column) columns[drop.SchemaObjectName.BaseIdentifier.Value].Remove(element.Name.Value);
                            else checks.RemoveAll(c => string.Equals(c.Name, element.Name.Value, StringComparison.OrdinalIgnoreCase));
                        }
                        break;
                    case DropTableStatement dropTable:
                        foreach (var dropped in dropTable.Objects.Select(o => o.BaseIdentifier.Value))
                        {
                            columns.Remove(dropped);
                            checks.RemoveAll(c => c.Table == dropped);
                        }
                        break;
                }
            }
        }
        return new Schema(columns, checks.ToDictionary(c => (c.Table, c.Column), c => c.Values))
        {
            Lengths = lengths.Where(l => Kept(l.Key)).ToDictionary(),
            Unicode = unicode.Where(Kept).ToHashSet(),
        };

        bool Kept((string Table, string Column) c) => columns.TryGetValue(c.Table, out var kept) && kept.Contains(c.Column);

        void Add(string table, TableDefinition definition)
        {
            foreach (var column in definition.ColumnDefinitions)
            {
                columns[table].Add(column.ColumnIdentifier.Value);
                if (column.DataType is SqlDataTypeReference { SqlDataTypeOption: SqlDataTypeOption.VarChar or SqlDataTypeOption.NVarChar or SqlDataTypeOption.Char or SqlDataTypeOption.NChar, Parameters: [var size] }
                    && int.TryParse(size.Value, out var n))
                {
                    lengths[(table, column.ColumnIdentifier.Value)] = n;
                    if (((SqlDataTypeReference)column.DataType).SqlDataTypeOption == SqlDataTypeOption.NVarChar) unicode.Add((table, column.ColumnIdentifier.Value));
                }
                foreach (var check in column.Constraints.OfType<CheckConstraintDefinition>()) AddCheck(table, check);
            }
            foreach (var check in definition.TableConstraints.OfType<CheckConstraintDefinition>()) AddCheck(table, check);
        }

        void AddCheck(string table, CheckConstraintDefinition check)
        {
            var lists = new InLists();
            check.CheckCondition.Accept(lists);
            foreach (var (column, values) in lists.Found)
            {
                checks.Add((check.ConstraintIdentifier?.Value ?? "", table, column, values));
            }
        }
    }

    private sealed class InLists : TSqlFragmentVisitor
    {
        public List<(string Column, List<string> Values)> Found { get; } = [];

        public override void Visit(InPredicate node)
        {
            if (node.Expression is ColumnReferenceExpression column && node.Values.All(v => v is StringLiteral))
            {
                Found.Add((column.MultiPartIdentifier.Identifiers[^1].Value, node.Values.Cast<StringLiteral>().Select(v => v.Value).ToList()));
            }
        }
    }
}
