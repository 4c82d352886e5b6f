using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

public abstract class StaffSignInTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Here = "203.0.113.7";
    private const string Elsewhere = "198.51.100.20";
    private readonly TestDatabase database = TEngine.Create();
    private StaffSignIn signIn = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(20, staff: true);
        signIn = database.SignIn;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private Task<SignInResult> TryAsync(string user, string password, string address = Here) => signIn.SignInAsync(user, password, address, Ct);

    [Fact]
    public async Task SignIn_RightPassword_ReturnsTheUserWithRoleAndRegion()
    {
        var result = await TryAsync("yuxi.reviewer", TestDatabase.StaffPassword);

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal(StaffRole.TownshipReviewer, result.User!.Role);
        Assert.Equal(DemoDistrict.Townships[0].Code, result.User.RegionCode);
    }

    [Fact]
    public async Task SignIn_UserNameInAnotherCase_StillFindsTheUser() =>
        Assert.Equal(SignInStatus.Succeeded, (await TryAsync("Inspector", TestDatabase.StaffPassword)).Status);

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_IsTheSameInvalidAnswer()
    {
        Assert.Equal(SignInStatus.Invalid, (await TryAsync("admin", "wrong-password-1")).Status);
        Assert.Equal(SignInStatus.Invalid, (await TryAsync("nobody", "wrong-password-1")).Status);
    }

    [Fact]
    public async Task SignIn_FiveFailuresFromOneAddress_RefuseEvenTheRightPasswordThereForFifteenMinutes()
    {
        for (var i = 0; i < SignInThrottle.AttemptsPerNameAndAddress; i++)
        {
            Assert.Equal(SignInStatus.Invalid, (await TryAsync("admin", "wrong-password-1")).Status);
        }

        Assert.Equal(SignInStatus.Throttled, (await TryAsync("admin", TestDatabase.StaffPassword)).Status);
        database.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInStatus.Throttled, (await TryAsync("admin", TestDatabase.StaffPassword)).Status);
        database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SignInStatus.Succeeded, (await TryAsync("admin", TestDatabase.StaffPassword)).Status);
    }

    [Fact]
    public async Task SignIn_LockedFromOneAddress_TheOwnerStillSignsInFromTheirs()
    {
        for (var i = 0; i < 10; i++) await TryAsync("admin", "wrong-password-1");

        Assert.Equal(SignInStatus.Throttled, (await TryAsync("admin", TestDatabase.StaffPassword)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await TryAsync("admin", TestDatabase.StaffPassword, Elsewhere)).Status);
    }

    [Fact]
    public async Task SignIn_FortyParallelWrongAttempts_GetExactlyFivePasswordChecks()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => TryAsync("admin", "wrong-password-1"), Ct)));

        Assert.Equal(SignInThrottle.AttemptsPerNameAndAddress, results.Count(r => r.Status == SignInStatus.Invalid));
        Assert.Equal(40 - SignInThrottle.AttemptsPerNameAndAddress, results.Count(r => r.Status == SignInStatus.Throttled));
        Assert.Equal(SignInStatus.Throttled, (await TryAsync("admin", TestDatabase.StaffPassword)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await TryAsync("admin", TestDatabase.StaffPassword, Elsewhere)).Status);
    }

    [Fact]
    public async Task SignIn_ManyNamesFromOneAddress_AreStoppedAtTheAddressLimit()
    {
        for (var i = 0; i < SignInThrottle.AttemptsPerAddress; i++) await TryAsync($"guess{i}", "wrong-password-1");

        Assert.Equal(SignInStatus.Throttled, (await TryAsync("inspector", TestDatabase.StaffPassword)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await TryAsync("inspector", TestDatabase.StaffPassword, Elsewhere)).Status);
    }

    [Fact]
    public async Task SignIn_UnknownNamesFailingOverAndOver_AddAtMostTwoAuditEventsPerAddressAndWindow()
    {
        var before = (await database.Audit.HeadAsync(Ct)).Length;

        for (var i = 0; i < 60; i++) await TryAsync($"nobody{i}", "wrong-password-1");
        var afterOneWindow = (await database.Audit.HeadAsync(Ct)).Length;
        database.Clock.Advance(SignInThrottle.Window);
        for (var i = 0; i < 60; i++) await TryAsync($"nobody{i}", "wrong-password-1");

        Assert.InRange(afterOneWindow - before, 1, 2);
        Assert.InRange((await database.Audit.HeadAsync(Ct)).Length - afterOneWindow, 1, 2);
        Assert.Null((await database.Audit.VerifyAsync(Ct)).FirstBadId);
    }

    [Fact]
    public async Task SignIn_ASuccessBetweenFailures_StartsTheCountAgain()
    {
        for (var i = 0; i < 4; i++) await TryAsync("admin", "wrong-password-1");
        await TryAsync("admin", TestDatabase.StaffPassword);

        for (var i = 0; i < 4; i++) Assert.Equal(SignInStatus.Invalid, (await TryAsync("admin", "wrong-password-1")).Status);
    }

    [Fact]
    public async Task SignIn_Failures_AreAuditedWithoutTheTypedName()
    {
        await TryAsync("admin", "wrong-password-1");
        await TryAsync("my-secret-password", "x");

        var events = (await database.Audit.SearchAsync(new AuditQuery(Kind: "SignInFailed"), Ct)).Items;
        Assert.Contains(events, e => e.Actor == "admin");
        Assert.DoesNotContain(events, e => e.Data.Contains("my-secret-password") || e.Actor == "my-secret-password");
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
        foreach (var name in new[] { "admin", "inspector", "inspector2", "district.reviewer", "yuxi.reviewer", "guanyinjing.reviewer", "jiuzhen.reviewer", "liulin.reviewer", "guihua.clerk" })
        {
            Assert.NotNull(await database.Staff.FindAsync(name, Ct));
        }
    }
}

public sealed class SqliteStaffSignInTests : StaffSignInTests<SqliteEngine>;

public sealed class PostgreSqlStaffSignInTests : StaffSignInTests<PostgreSqlEngine>;

public sealed class SqlServerStaffSignInTests : StaffSignInTests<SqlServerEngine>;
