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

    private sealed record Schema(Dictionary<string, SortedSet<string>> Columns, Dictionary<(string Table, string Column), List<string>> Checks);

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
        return new Schema(columns, checks.ToDictionary(c => (c.Table, c.Column), c => c.Values));

        void Add(string table, TableDefinition definition)
        {
            foreach (var column in definition.ColumnDefinitions)
            {
                columns[table].Add(column.ColumnIdentifier.Value);
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
