using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

public abstract class StaffAdministrationTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private StaffAdministration administration = default!;
    private StaffActor admin = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(50, staff: true);
        administration = database.Get<StaffAdministration>();
        admin = (await database.Staff.FindAsync("admin", Ct))!.Actor;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Create_ValidAccount_CanSignInAndIsAudited()
    {
        var errors = await administration.CreateAsync(new NewStaffAccount("chaba.reviewer", "茶坝审核员", StaffRole.TownshipReviewer,
            DemoDistrict.Townships[3].Code, null, "a-long-password"), admin, Ct);

        Assert.Empty(errors);
        var signIn = await database.SignIn.SignInAsync("chaba.reviewer", "a-long-password", "203.0.113.1", Ct);
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Single((await database.Audit.SearchAsync(new AuditQuery(Kind: "StaffUserCreated"), Ct)).Items);
    }

    // The account and its audit event are one transaction: when the event cannot be written there is no account either.
    [Fact]
    public async Task Create_WhoseAuditEventCannotBeWritten_LeavesNoAccount()
    {
        await database.RefuseInsertsAsync("AuditEvent", "NEW.Kind = 'StaffUserCreated'");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => administration.CreateAsync(new NewStaffAccount("chaba.reviewer", "茶坝审核员",
            StaffRole.TownshipReviewer, DemoDistrict.Townships[3].Code, null, "a-long-password"), admin, Ct));

        Assert.Null(await database.Staff.FindAsync("chaba.reviewer", Ct));
        Assert.Equal(SignInStatus.Invalid, (await database.SignIn.SignInAsync("chaba.reviewer", "a-long-password", "203.0.113.1", Ct)).Status);
    }

    [Fact]
    public async Task Create_RegionNotFittingTheRoleOrShortPassword_IsRefusedNamingTheField()
    {
        var errors = await administration.CreateAsync(new NewStaffAccount("x", "X", StaffRole.VillageClerk, DemoDistrict.Townships[0].Code, null, "short"), admin, Ct);

        Assert.Contains(("regionCode", "Staff.RegionMustFitRole"), errors.Select(e => (e.Field, e.Rule)));
        Assert.Contains(("password", "Staff.PasswordTooShort"), errors.Select(e => (e.Field, e.Rule)));
        Assert.Null(await database.Staff.FindAsync("x", Ct));
    }

    [Fact]
    public async Task Create_ByANonAdministrator_IsRefused()
    {
        var inspector = (await database.Staff.FindAsync("inspector", Ct))!.Actor;

        var errors = await administration.CreateAsync(new NewStaffAccount("y", "Y", StaffRole.DistrictReviewer, DemoDistrict.DistrictCode, null, "a-long-password"), inspector, Ct);

        Assert.Equal([("form", "Staff.AdministratorsOnly")], errors.Select(e => (e.Field, e.Rule)));
    }

    [Fact]
    public async Task Deactivated_User_CannotSignIn()
    {
        var clerk = (await database.Staff.FindAsync("guihua.clerk", Ct))!;

        Assert.True(await administration.SetActiveAsync(clerk.Id, false, admin, Ct));

        var signIn = await database.SignIn.SignInAsync("guihua.clerk", TestDatabase.StaffPassword, "203.0.113.1", Ct);
        Assert.Equal(SignInStatus.Invalid, signIn.Status);
    }

    [Fact]
    public async Task Deactivated_User_LosesEverySessionAndActivatingAgainDoesNotBringThemBack()
    {
        var clerk = (await database.Staff.FindAsync("guihua.clerk", Ct))!;
        var phone = await database.SignedInAsync("guihua.clerk");
        var desk = await database.SignedInAsync("guihua.clerk");
        var others = await database.SignedInAsync("inspector");

        await administration.SetActiveAsync(clerk.Id, false, admin, Ct);
        Assert.False(await database.Sessions.IsLiveAsync(phone, activity: true, Ct));
        Assert.False(await database.Sessions.IsLiveAsync(desk, activity: true, Ct));
        await administration.SetActiveAsync(clerk.Id, true, admin, Ct);

        Assert.False(await database.Sessions.IsLiveAsync(desk, activity: true, Ct));
        Assert.True(await database.Sessions.IsLiveAsync(others, activity: true, Ct));
    }
}

public sealed class SqliteStaffAdministrationTests : StaffAdministrationTests<SqliteEngine>;

public sealed class PostgreSqlStaffAdministrationTests : StaffAdministrationTests<PostgreSqlEngine>;

public sealed class SqlServerStaffAdministrationTests : StaffAdministrationTests<SqlServerEngine>;
