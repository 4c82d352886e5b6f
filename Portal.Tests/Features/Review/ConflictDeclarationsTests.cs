using Portal.Features.Accounts;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

public abstract class ConflictDeclarationsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private ConflictDeclarations administration = default!;
    private StaffActor admin = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(50, staff: true);
        administration = new ConflictDeclarations(database.Db, database.Audit, database.Clock);
        admin = (await database.Staff.FindAsync("admin", Ct))!.Actor;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task DeclareConflict_TwiceForTheSameHousehold_IsRefusedTheSecondTime()
    {
        var reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!;
        var household = (await database.Households.SearchAsync(new Portal.Features.Households.HouseholdQuery(PageSize: 1), Ct)).Items[0];

        Assert.Null(await administration.DeclareConflictAsync(reviewer.Id, household.Id, "亲属", admin, Ct));
        Assert.Equal("Staff.ConflictExists", await administration.DeclareConflictAsync(reviewer.Id, household.Id, "亲属", admin, Ct));
        Assert.Single(await administration.ConflictsAsync(Ct));
    }
}

public sealed class SqliteConflictDeclarationsTests : ConflictDeclarationsTests<SqliteEngine>;

public sealed class PostgreSqlConflictDeclarationsTests : ConflictDeclarationsTests<PostgreSqlEngine>;

public sealed class SqlServerConflictDeclarationsTests : ConflictDeclarationsTests<SqlServerEngine>;
