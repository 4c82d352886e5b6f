using Dapper;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

public sealed class MigratorTests
{
    [Fact]
    public void Scripts_BothDialects_HaveTheSameNumberedFiles()
    {
        var sqlite = Migrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();
        var sqlServer = Migrator.Scripts(DatabaseProvider.SqlServer).Select(s => s.Name).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, sqlServer);
        Assert.All(sqlite, name => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", name));
    }

    [Fact]
    public async Task Migrate_RunTwice_SecondRunAppliesNothingAndKeepsData()
    {
        await using var database = SqliteTestDatabase.Create();
        var ct = TestContext.Current.CancellationToken;

        var first = await database.Migrator.MigrateAsync(ct);
        await database.Seeder.SeedAsync(50, 1, null, null, ct);
        var second = await database.Migrator.MigrateAsync(ct);

        Assert.Equal(Migrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name), first);
        Assert.Empty(second);
        Assert.Equal(50, await database.Households.CountAsync(ct));
    }

    [Fact]
    public async Task Open_Sqlite_UsesWalFullSyncAndForeignKeys()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        await using var c = await database.Db.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2L, await c.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Insert_HouseholdInUnknownGroup_IsRefusedByForeignKey()
    {
        await using var database = SqliteTestDatabase.Create();
        await database.MigrateAsync();
        var household = new Portal.Features.Households.NewHousehold("51190399920101", "王德明", 3,
            Portal.Features.Households.HouseholdAttribute.General, Portal.Features.Households.PovertyCause.Illness,
            Portal.Features.Households.HouseholdStatus.Identified, 2020, null, 3000, "51190319800101001X", null);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => database.Households.AddAsync(household, TestContext.Current.CancellationToken));
    }
}
