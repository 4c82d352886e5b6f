using Portal.Features.Demo;
using Portal.Features.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Staff;

public sealed class StaffSignInTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private StaffSignIn signIn = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(20, staff: true);
        signIn = new StaffSignIn(database.Staff, database.Audit, database.Clock);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task SignIn_RightPassword_ReturnsTheUserWithRoleAndRegion()
    {
        var result = await signIn.SignInAsync("yuxi.reviewer", TestDatabase.StaffPassword, Ct);

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal(StaffRole.TownshipReviewer, result.User!.Role);
        Assert.Equal(DemoDistrict.Townships[0].Code, result.User.RegionCode);
    }

    [Fact]
    public async Task SignIn_UserNameInAnotherCase_StillFindsTheUser() =>
        Assert.Equal(SignInStatus.Succeeded, (await signIn.SignInAsync("Inspector", TestDatabase.StaffPassword, Ct)).Status);

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_IsTheSameInvalidAnswer()
    {
        Assert.Equal(SignInStatus.Invalid, (await signIn.SignInAsync("admin", "wrong-password-1", Ct)).Status);
        Assert.Equal(SignInStatus.Invalid, (await signIn.SignInAsync("nobody", "wrong-password-1", Ct)).Status);
    }

    [Fact]
    public async Task SignIn_FiveFailuresInARow_LockFifteenMinutesEvenForTheRightPassword()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Invalid, (await signIn.SignInAsync("admin", "wrong-password-1", Ct)).Status);
        }
        var fifth = await signIn.SignInAsync("admin", "wrong-password-1", Ct);

        Assert.Equal(SignInStatus.LockedOut, fifth.Status);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), fifth.LockedUntilUtc);
        database.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInStatus.LockedOut, (await signIn.SignInAsync("admin", TestDatabase.StaffPassword, Ct)).Status);
        database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SignInStatus.Succeeded, (await signIn.SignInAsync("admin", TestDatabase.StaffPassword, Ct)).Status);
    }

    [Fact]
    public async Task SignIn_ASuccessBetweenFailures_StartsTheCountAgain()
    {
        for (var i = 0; i < 4; i++) await signIn.SignInAsync("admin", "wrong-password-1", Ct);
        await signIn.SignInAsync("admin", TestDatabase.StaffPassword, Ct);

        Assert.Equal(SignInStatus.Invalid, (await signIn.SignInAsync("admin", "wrong-password-1", Ct)).Status);
    }

    [Fact]
    public void Hash_ShorterThanTenCharacters_IsRefused()
    {
        Assert.Equal("Staff.PasswordTooShort", StaffSignIn.PasswordProblem("123456789"));
        Assert.Null(StaffSignIn.PasswordProblem("1234567890"));
        Assert.Throws<ArgumentException>(() => StaffSignIn.Hash("short"));
    }

    [Fact]
    public async Task Seed_DemoStaff_HaveTheSpecUserNames()
    {
        foreach (var name in new[] { "admin", "inspector", "district.reviewer", "yuxi.reviewer", "guanyinjing.reviewer", "jiuzhen.reviewer", "liulin.reviewer", "guihua.clerk" })
        {
            Assert.NotNull(await database.Staff.FindAsync(name, Ct));
        }
    }
}
