using Portal.Infrastructure.Data;

namespace Portal.Tests.Infrastructure.Data;

// What MultiRow writes is checked where it writes: AuditChainTests.AppendMany_MoreThanABatch_MakesOneChainThatVerifies
// (full statements and the rest in one, on every engine), the seeded store suites and NameSearchTests.
public sealed class MultiRowTests
{
    private static readonly string[] Columns = ["Gram", "AnnouncementId", "EntryId"];

    [Fact]
    public void Insert_NamesEachRowsParametersAfterItsColumnsAndNumber() =>
        Assert.Equal("INSERT INTO T (Gram, AnnouncementId, EntryId)\nVALUES (@Gram0, @AnnouncementId0, @EntryId0),\n       (@Gram1, @AnnouncementId1, @EntryId1)",
            MultiRow.Insert("T", Columns, 2));

    // Up to 2,000 parameters a statement on a server (SQL Server takes 2,100, and 1,000 rows a VALUES list); one row a
    // statement on SQLite, whose provider binds a parameter by looking it up among all of the statement's.
    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, 3, 666)]
    [InlineData(DatabaseProvider.SqlServer, 18, 111)]
    [InlineData(DatabaseProvider.SqlServer, 1, 1000)]
    [InlineData(DatabaseProvider.Sqlite, 3, 1)]
    public void RowsPerStatement_StaysUnderTheParameterLimits(DatabaseProvider provider, int columns, int rows) =>
        Assert.Equal(rows, MultiRow.RowsPerStatement(SqlDialect.For(provider), columns));
}
