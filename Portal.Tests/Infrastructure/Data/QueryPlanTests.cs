using System.Text.RegularExpressions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// Issue 18: at 1,000,000 households and 10,000,000 audit events a request may not read a whole one of the three large
// tables. SQLite: every statement the stores issue that reads Household, AnnouncementEntry or AuditEvent is planned
// (EXPLAIN QUERY PLAN, parameters unbound, as the portal prepares them) and may only SEARCH them, through an index or
// the key, unless it is named below with the reason it is allowed to read the table whole.
public sealed partial class QueryPlanTests
{
    private static readonly string[] LargeTables = ["Household", "AnnouncementEntry", "AuditEvent"];

    // Statements that read a large table whole, and why that is not a request's cost.
    private static readonly Dictionary<string, string> ReadWhole = new()
    {
        ["VillageReport.SelectCounts"] = "built in the background (BackgroundFigures) for the home page",
        ["VillageReport.SelectMeasures"] = "built in the background for the village pages",
        ["VillageReport.SelectIdentifiedByYear"] = "built in the background for the village pages",
        ["VillageReport.SelectExitedByYear"] = "built in the background for the village pages",
        ["DistrictStatistics.SelectStatusCounts"] = "built in the background for /statistics",
        ["DistrictStatistics.SelectCauses"] = "built in the background for /statistics",
        ["DistrictStatistics.SelectExits"] = "built in the background for /statistics",
        ["HouseholdStore.SelectKeys"] = "the seed command's measures, once",
        ["HouseholdStore.CountAll"] = "read by tests only",
        ["HouseholdStore.selectDueForPurge"] = "the retention job, hourly, in the background",
        ["AuditLog.selectAfter"] = "verification reads on from the last verified event (Id > @after); the daily full re-verification from the start",
        ["AuditLog.selectPage"] = "the staff audit list without a filter: the newest events by key, LIMIT 51",
    };

    [Fact]
    public async Task EveryStatementReadingALargeTable_SearchesIt_OrIsNamedWithItsReason()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        await using var c = (Microsoft.Data.Sqlite.SqliteConnection)await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        var planned = 0;
        var scans = new List<string>();
        foreach (var (source, sql) in IssuedStatements.For(database.Db))
        {
            var aliases = Aliases(sql);
            if (aliases.Count == 0 || !IsQuery(sql)) continue;
            planned++;
            foreach (var detail in Plan(c, sql))
            {
                var scan = ScanOf().Match(detail);
                if (!scan.Success || !aliases.TryGetValue(scan.Groups[1].Value, out var table)) continue;
                if (!ReadWhole.ContainsKey(source)) scans.Add($"{source}: {detail} ({table})\n{sql}");
            }
        }

        Assert.True(planned >= 20, $"only {planned} statements read the large tables");
        Assert.True(scans.Count == 0, "These statements read a large table whole:\n\n" + string.Join("\n\n", scans));
    }

    // Deleting a row checks every table that refers to it; without an index on the referring column that is a scan of
    // the child table per deleted row (publishing 5,000 entries replaces a draft's entries: 11 s beside a large table).
    // Every table a statement deletes from has each column that refers to it first in some index or key.
    [Fact]
    public async Task EveryColumnReferringToATableRowsAreDeletedFrom_IsIndexed()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        await using var c = await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        var deletedFrom = IssuedStatements.For(database.Db).Select(s => DeleteFrom().Match(s.Sql)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tables = await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var unindexed = new List<string>();
        var checkedReferences = 0;
        foreach (var table in tables)
        {
            var leading = (await Dapper.SqlMapper.QueryAsync<string>(c,
                "SELECT ii.name FROM pragma_index_list(@table) il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0", new { table })).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var firstKey = await Dapper.SqlMapper.QueryFirstOrDefaultAsync<string>(c, "SELECT name FROM pragma_table_info(@table) WHERE pk = 1", new { table });
            if (firstKey is not null) leading.Add(firstKey);
            foreach (var (parent, column) in await Dapper.SqlMapper.QueryAsync<(string Parent, string Column)>(c, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(@table)", new { table }))
            {
                if (!deletedFrom.Contains(parent)) continue;
                checkedReferences++;
                if (!leading.Contains(column)) unindexed.Add($"{table}.{column} refers to {parent}");
            }
        }

        Assert.Contains("AnnouncementEntry", deletedFrom);
        Assert.True(checkedReferences >= 2, $"only {checkedReferences} references to tables rows are deleted from");
        Assert.True(unindexed.Count == 0, "Not first in any index: " + string.Join(", ", unindexed));
    }

    [Fact]
    public void ReadWhole_NamesOnlyStatementsThatExist()
    {
        var sources = IssuedStatements.For(new Portal.Infrastructure.Data.DbConnectionFactory(Portal.Infrastructure.Data.DatabaseProvider.Sqlite, "Data Source=:memory:"))
            .Select(s => s.Source).ToHashSet();
        Assert.DoesNotContain(ReadWhole.Keys, k => !sources.Contains(k));
    }

    // A table's name and alias (or its name alone) for each large table the statement reads.
    private static Dictionary<string, string> Aliases(string sql)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in TableReference().Matches(sql))
        {
            var table = m.Groups[1].Value;
            if (!LargeTables.Contains(table)) continue;
            found[table] = table;
            if (m.Groups[2].Success && !Keywords.Contains(m.Groups[2].Value.ToUpperInvariant())) found[m.Groups[2].Value] = table;
        }
        return found;
    }

    private static readonly HashSet<string> Keywords = ["WHERE", "JOIN", "LEFT", "INNER", "ON", "GROUP", "ORDER", "SET", "VALUES", "AS", "LIMIT", "UNION", "WITH"];

    private static bool IsQuery(string sql) => !sql.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
        || sql.Contains("SELECT", StringComparison.OrdinalIgnoreCase);

    private static List<string> Plan(Microsoft.Data.Sqlite.SqliteConnection c, string sql)
    {
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(c.Handle, "EXPLAIN QUERY PLAN " + sql, out var statement);
        Assert.True(rc == SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_errmsg(c.Handle).utf8_to_string() + "\n" + sql);
        var details = new List<string>();
        using (statement)
        {
            while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW) details.Add(SQLitePCL.raw.sqlite3_column_text(statement, 3).utf8_to_string());
        }
        return details;
    }

    [GeneratedRegex(@"^\s*DELETE FROM (?:dbo\.)?(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DeleteFrom();

    [GeneratedRegex(@"\b(?:FROM|JOIN|UPDATE|INTO)\s+(?:dbo\.)?(\w+)(?:\s+(\w+))?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    // "SCAN h", "SCAN h USING INDEX …", "SCAN h USING COVERING INDEX …": every row, or every entry of an index.
    [GeneratedRegex(@"^SCAN (\w+)")]
    private static partial Regex ScanOf();
}
