using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// SQL Server cannot run here, so every T-SQL text is parsed with ScriptDom; the SQLite texts are prepared
// against a migrated database, which also checks table and column names.
public sealed class SqlStatementTests
{
    private static readonly DbConnectionFactory SqlServer = new(DatabaseProvider.SqlServer, "Server=unused;Database=unused");

    [Fact]
    public void SqlServerScripts_ParseWithoutErrors()
    {
        var scripts = Migrator.Scripts(DatabaseProvider.SqlServer);
        Assert.NotEmpty(scripts);
        foreach (var (name, sql) in scripts)
        {
            foreach (var batch in Migrator.Batches(sql))
            {
                AssertParses(name, batch);
            }
        }
    }

    [Fact]
    public void SqlServerStatements_EveryOneTheStoresIssue_ParsesWithoutErrors()
    {
        var statements = IssuedStatements.For(SqlServer);

        Assert.True(statements.Count >= 10, $"Expected the stores' statements, found {statements.Count}.");
        Assert.Contains(statements, s => s.Sql.Contains("OFFSET @skip ROWS", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Sql.Contains("OUTPUT INSERTED.Id", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Sql.StartsWith("MERGE", StringComparison.Ordinal));
        foreach (var (source, sql) in statements)
        {
            AssertParses(source, sql);
        }
    }

    [Fact]
    public async Task SqliteStatements_EveryOneTheStoresIssue_PreparesAgainstTheSchema()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        var statements = IssuedStatements.For(database.Db);
        await using var c = (Microsoft.Data.Sqlite.SqliteConnection)await database.Db.OpenAsync(TestContext.Current.CancellationToken);

        Assert.True(statements.Count >= 10);
        foreach (var (source, sql) in statements)
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(c.Handle, sql, out var statement);
            var message = SQLitePCL.raw.sqlite3_errmsg(c.Handle).utf8_to_string();
            statement.Dispose();
            Assert.True(rc == SQLitePCL.raw.SQLITE_OK, $"{source}: {message}\n{sql}");
        }
    }

    [Fact]
    public void SqlIssuingClasses_AreFoundByTheirSql_NotByTheirName()
    {
        var found = IssuedStatements.SqlIssuingTypes().Select(t => t.Name).ToList();

        Assert.Superset(
            new HashSet<string>(["AuditLog", "SignInThrottle", "StaffSessions", "StaffAdministration", "AssistanceEditing", "VillageReport",
                "DistrictStatistics", "ObjectionCases", "ConflictDeclarations", "DatabaseHealthCheck", "Migrator", "HouseholdStore"]),
            found.ToHashSet());
    }

    [Fact]
    public void EveryClassThatCallsDapper_HasItsStatementsInTheNet()
    {
        var inNet = IssuedStatements.For(SqlServer).Select(s => s.Source[..s.Source.IndexOf('.')]).ToHashSet();

        var missing = IssuedStatements.DapperCallers().Select(t => t.Name).Where(n => !inNet.Contains(n)).ToList();
        var unparsed = IssuedStatements.UnparsedLiterals();

        Assert.True(missing.Count == 0, "These classes call Dapper but keep no statement in a field the net parses: " + string.Join(", ", missing));
        Assert.True(unparsed.Count == 0, "SQL written inline, outside the statements the net parses:\n"
            + string.Join("\n", unparsed.Select(u => $"  {u.Source}: {u.Literal}")));
    }

    [Fact]
    public void BrokenTsql_IsReported()
    {
        var errors = Parse("SELECT Id FROM Household LIMIT 10");
        Assert.NotEmpty(errors);
    }

    private static void AssertParses(string source, string sql)
    {
        var errors = Parse(sql);
        Assert.True(errors.Count == 0, $"{source}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        return errors;
    }
}
