using Portal.Infrastructure.Data;

namespace Portal.Tests.Infrastructure.Data;

public sealed class SqlDialectTests
{
    [Fact]
    public void Page_Sqlite_UsesLimitOffset() =>
        Assert.EndsWith("LIMIT @take OFFSET @skip", SqlDialect.Sqlite.Page("SELECT 1 ORDER BY 1"));

    [Fact]
    public void Page_SqlServer_UsesOffsetFetch() =>
        Assert.EndsWith("OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY", SqlDialect.SqlServer.Page("SELECT 1 ORDER BY 1"));

    [Fact]
    public void Upsert_BothDialects_UpdateOnlyTheNonKeyColumns()
    {
        var sqlite = SqlDialect.Sqlite.Upsert("Region", ["Code"], ["Name"]);
        var sqlServer = SqlDialect.SqlServer.Upsert("Region", ["Code"], ["Name"]);

        Assert.Contains("ON CONFLICT (Code) DO UPDATE SET Name = excluded.Name", sqlite);
        Assert.Contains("WHEN MATCHED THEN UPDATE SET Name = source.Name", sqlServer);
        Assert.DoesNotContain("Code = excluded.Code", sqlite);
    }

    // A receipt or keyed hash reaches SQL Server as VARCHAR(64), the column's own kind, so its unique index seeks.
    [Fact]
    public void Ansi_SqlServer_SendsAHashAsVarchar64_TheOthersAsItIs()
    {
        var hash = new string('a', 64);
        using var command = new Microsoft.Data.SqlClient.SqlCommand();

        ((Dapper.SqlMapper.ICustomQueryParameter)SqlDialect.SqlServer.Ansi(hash)!).AddParameter(command, "receiptHash");

        var parameter = command.Parameters["receiptHash"];
        Assert.Equal((System.Data.DbType.AnsiString, 64, hash), (parameter.DbType, parameter.Size, (string)parameter.Value));
        Assert.Equal(hash, SqlDialect.Sqlite.Ansi(hash));
        Assert.Equal(hash, SqlDialect.PostgreSql.Ansi(hash));
    }

    [Fact]
    public void PostgreSql_MatchesAListWithAny_AndWritesBooleanLiterals()
    {
        Assert.Equal("Id = ANY(@ids)", SqlDialect.PostgreSql.In("Id", "ids"));
        Assert.Equal("Id IN @ids", SqlDialect.Sqlite.In("Id", "ids"));
        Assert.Equal(("TRUE", "FALSE", "1", "0"), (SqlDialect.PostgreSql.True, SqlDialect.PostgreSql.False, SqlDialect.SqlServer.True, SqlDialect.Sqlite.False));
        Assert.EndsWith("RETURNING Id", SqlDialect.PostgreSql.InsertReturningId("T", "A", "@A"));
    }
}
