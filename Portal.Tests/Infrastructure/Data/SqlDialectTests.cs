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
}
