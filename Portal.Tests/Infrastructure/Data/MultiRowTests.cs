using Portal.Infrastructure.Data;

namespace Portal.Tests.Infrastructure.Data;

public sealed class MultiRowTests
{
    private static readonly string[] Columns = ["Gram", "AnnouncementId", "EntryId"];

    [Fact]
    public void Insert_NamesEachRowsParametersAfterItsColumnsAndNumber() =>
        Assert.Equal("INSERT INTO T (Gram, AnnouncementId, EntryId)\nVALUES (@Gram0, @AnnouncementId0, @EntryId0),\n       (@Gram1, @AnnouncementId1, @EntryId1)",
            MultiRow.Insert("T", Columns, 2));

    // SQL Server takes 2,100 parameters a command: 666 rows of three columns, then one statement a row for the rest.
    [Fact]
    public void Commands_ForMoreRowsThanAStatementTakes_AreFullStatementsThenOneRowEach()
    {
        var many = MultiRow.Insert("T", Columns, MultiRow.RowsPerStatement(Columns.Length));
        var one = MultiRow.Insert("T", Columns, 1);

        var commands = MultiRow.Commands(many, one, Columns, Enumerable.Range(0, 1500).Select(i => (object)new object?[] { $"g{i}", 1L, (long)i })).ToList();

        Assert.Equal(666, MultiRow.RowsPerStatement(3));
        Assert.Equal(2 + 168, commands.Count);
        Assert.All(commands.Take(2), c => Assert.Same(many, c.Sql));
        Assert.All(commands.Skip(2), c => Assert.Same(one, c.Sql));
        Assert.True(commands.All(c => c.Parameters.ParameterNames.Count() <= 2000));
        Assert.Equal("g666", commands[1].Parameters.Get<string>("Gram0"));
        Assert.Equal(1499L, commands[^1].Parameters.Get<long>("EntryId0"));
    }

    [Fact]
    public void Commands_RowsAsObjects_ReadTheirPropertiesByColumnName()
    {
        var command = MultiRow.Commands("many", "one", Columns, [new { EntryId = 7L, Gram = "王", AnnouncementId = 3L }]).Single();

        Assert.Equal(("one", "王", 3L, 7L), (command.Sql, command.Parameters.Get<string>("Gram0"), command.Parameters.Get<long>("AnnouncementId0"), command.Parameters.Get<long>("EntryId0")));
    }
}
