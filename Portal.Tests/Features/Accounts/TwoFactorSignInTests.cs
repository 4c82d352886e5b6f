using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// Sign-in with the second factor as the portal ships it (Security:TwoFactorRoles unset: inspectors and administrators),
// on a real database: enrolment, the code step, recovery codes, the throttle over both steps, an administrator's reset.
public abstract class TwoFactorSignInTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Here = "203.0.113.7";
    private readonly TestDatabase database = TEngine.Create();
    private StaffSignIn signIn = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(20, staff: true);
        signIn = With(new TwoFactorOptions());
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private StaffSignIn With(TwoFactorOptions options) => ActivatorUtilities.CreateInstance<StaffSignIn>(database.Services, Options.Create(options));

    // What the user's app shows, on the portal's (fake) clock, a number of 30-second steps from now.
    private string CodeOf(string secret, int stepsFromNow = 0) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(database.Clock.GetUtcNow().UtcDateTime.AddSeconds(30 * stepsFromNow));

    private Task<SignInResult> PasswordAsync(string user, string address = Here) => signIn.SignInAsync(user, TestDatabase.StaffPassword, address, Ct);

    private async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(string user)
    {
        var first = await PasswordAsync(user);
        Assert.Equal(SignInStatus.EnrolmentNeeded, first.Status);
        var done = await signIn.CompleteAsync(first.Ticket, CodeOf(first.Enrolment!.Secret), Here, Ct);
        Assert.Equal(SignInStatus.Succeeded, done.Status);
        database.Clock.Advance(TimeSpan.FromSeconds(30));
        return (first.Enrolment.Secret, done.RecoveryCodes!);
    }

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) => (await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    [Theory]
    [InlineData("inspector")]
    [InlineData("admin")]
    public async Task Password_OfAnInspectorOrAdministratorNotEnrolled_AsksToEnrolAndSignsNobodyIn(string user)
    {
        var result = await PasswordAsync(user);

        Assert.Equal(SignInStatus.EnrolmentNeeded, result.Status);
        Assert.Null(result.User);
        Assert.NotNull(result.Ticket);
        Assert.Contains($"secret={result.Enrolment!.Secret}", result.Enrolment.Uri);
        Assert.Empty(await EventsAsync("SignInSucceeded"));
    }

    [Fact]
    public async Task Password_OfAReviewer_SignsInAlone_UnlessTheirRoleIsListed()
    {
        Assert.Equal(SignInStatus.Succeeded, (await PasswordAsync("yuxi.reviewer")).Status);

        var listed = With(new TwoFactorOptions { TwoFactorRoles = "TownshipReviewer" });
        Assert.Equal(SignInStatus.EnrolmentNeeded, (await listed.SignInAsync("yuxi.reviewer", TestDatabase.StaffPassword, Here, Ct)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await listed.SignInAsync("inspector", TestDatabase.StaffPassword, Here, Ct)).Status);
    }

    [Fact]
    public async Task Enrolment_WithTheAppsCode_SignsInWithTenRecoveryCodesAndIsAudited()
    {
        var first = await PasswordAsync("inspector");

        var wrong = await signIn.CompleteAsync(first.Ticket, "000000", Here, Ct);
        Assert.Equal(SignInStatus.Invalid, wrong.Status);
        Assert.Equal(first.Enrolment, wrong.Enrolment);
        var inspectorId = (await database.Staff.FindAsync("inspector", Ct))!.Id;
        Assert.Null(await database.Get<TwoFactorStore>().FindAsync(inspectorId, Ct));

        var done = await signIn.CompleteAsync(first.Ticket, CodeOf(first.Enrolment!.Secret), Here, Ct);
        Assert.Equal(SignInStatus.Succeeded, done.Status);
        Assert.Equal("inspector", done.User!.UserName);
        Assert.Equal(10, done.RecoveryCodes!.Count);
        Assert.Single(await EventsAsync("TwoFactorEnrolled"));
        Assert.Contains("\"factor\":\"totp\"", (await EventsAsync("SignInSucceeded")).Single().Data);
        var stored = await database.Get<TwoFactorStore>().FindAsync(done.User.Id, Ct);
        Assert.DoesNotContain(first.Enrolment.Secret, stored!.SecretCipher);
    }

    [Fact]
    public async Task Enrolled_PasswordAlone_SignsNobodyIn_TheNextCodeDoes_AndNoCodeTwice()
    {
        var (secret, _) = await EnrolAsync("admin");

        var password = await PasswordAsync("admin");
        Assert.Equal(SignInStatus.CodeNeeded, password.Status);
        Assert.Null(password.User);
        var code = CodeOf(secret);
        Assert.Equal(SignInStatus.Succeeded, (await signIn.CompleteAsync(password.Ticket, code, Here, Ct)).Status);

        // Someone who saw the code over a shoulder and has the password too.
        var again = await PasswordAsync("admin");
        Assert.Equal(SignInStatus.Invalid, (await signIn.CompleteAsync(again.Ticket, code, Here, Ct)).Status);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_AndTheAuditSaysHowManyAreLeft()
    {
        var (_, recoveryCodes) = await EnrolAsync("inspector");

        var first = await PasswordAsync("inspector");
        Assert.Equal(SignInStatus.Succeeded, (await signIn.CompleteAsync(first.Ticket, recoveryCodes[3].ToUpperInvariant(), Here, Ct)).Status);
        Assert.Contains("\"recoveryCodesLeft\":9", (await EventsAsync("SignInSucceeded"))[0].Data);

        var second = await PasswordAsync("inspector");
        Assert.Equal(SignInStatus.Invalid, (await signIn.CompleteAsync(second.Ticket, recoveryCodes[3], Here, Ct)).Status);
    }

    // The throttle counts the password step and every wrong code alike: five attempts for a name from an address.
    [Fact]
    public async Task WrongCodes_CountTowardsTheLockout_SoTheRightCodeIsRefusedAfterFourOfThem()
    {
        var (secret, _) = await EnrolAsync("admin");
        var password = await PasswordAsync("admin");

        for (var i = 0; i < SignInThrottle.AttemptsPerNameAndAddress - 1; i++)
        {
            Assert.Equal(SignInStatus.Invalid, (await signIn.CompleteAsync(password.Ticket, "000000", Here, Ct)).Status);
        }

        Assert.Equal(SignInStatus.Throttled, (await signIn.CompleteAsync(password.Ticket, CodeOf(secret), Here, Ct)).Status);
        Assert.Equal(SignInStatus.Throttled, (await PasswordAsync("admin")).Status);
        Assert.Single(await EventsAsync("SignInFailedLocked"));
    }

    [Fact]
    public async Task WrongCodes_FewerThanTheLimit_StillLetTheRightCodeIn()
    {
        var (secret, _) = await EnrolAsync("admin");
        var password = await PasswordAsync("admin");

        for (var i = 0; i < SignInThrottle.AttemptsPerNameAndAddress - 2; i++) await signIn.CompleteAsync(password.Ticket, "000000", Here, Ct);

        Assert.Equal(SignInStatus.Succeeded, (await signIn.CompleteAsync(password.Ticket, CodeOf(secret), Here, Ct)).Status);
    }

    [Fact]
    public async Task Ticket_FromAnotherAddressOrForged_IsExpired()
    {
        var (secret, _) = await EnrolAsync("admin");
        var password = await PasswordAsync("admin");

        Assert.Equal(SignInStatus.Expired, (await signIn.CompleteAsync(password.Ticket, CodeOf(secret), "198.51.100.20", Ct)).Status);
        Assert.Equal(SignInStatus.Expired, (await signIn.CompleteAsync(password.Ticket![..^4] + "AAAA", CodeOf(secret), Here, Ct)).Status);
        Assert.Equal(SignInStatus.Expired, (await signIn.CompleteAsync(null, CodeOf(secret), Here, Ct)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await signIn.CompleteAsync(password.Ticket, CodeOf(secret), Here, Ct)).Status);
    }

    [Fact]
    public async Task TwoSignInsRacingWithOneCode_LetExactlyOneIn()
    {
        var (secret, _) = await EnrolAsync("admin");
        var tickets = new[] { (await PasswordAsync("admin")).Ticket, (await PasswordAsync("admin")).Ticket };
        var code = CodeOf(secret);

        var results = await Task.WhenAll(tickets.Select(t => Task.Run(() => signIn.CompleteAsync(t, code, Here, Ct), Ct)));

        Assert.Single(results, r => r.Status == SignInStatus.Succeeded);
    }

    [Fact]
    public async Task AdministratorsReset_EndsTheUsersSessions_AndTheirNextSignInEnrolsAgain()
    {
        await EnrolAsync("inspector");
        var inspector = (await database.Staff.FindAsync("inspector", Ct))!;
        var session = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([await database.Sessions.StartAsync(inspector.Id, Ct)], "test"));
        var admin = (await database.Staff.FindAsync("admin", Ct))!.Actor;
        var administration = database.Get<StaffAdministration>();

        Assert.False(await administration.ResetTwoFactorAsync(admin.UserId, admin, Ct));
        Assert.False(await administration.ResetTwoFactorAsync(inspector.Id, inspector.Actor, Ct));
        Assert.True(await administration.ResetTwoFactorAsync(inspector.Id, admin, Ct));

        Assert.False(await database.Sessions.IsLiveAsync(session, activity: false, Ct));
        Assert.Null(await database.Get<TwoFactorStore>().FindAsync(inspector.Id, Ct));
        Assert.Equal(SignInStatus.EnrolmentNeeded, (await PasswordAsync("inspector")).Status);
        var reset = Assert.Single(await EventsAsync("TwoFactorReset"));
        Assert.Equal(("admin", $"staff:{inspector.Id}"), (reset.Actor, reset.Subject));
        Assert.Null((await database.Audit.VerifyAsync(Ct)).FirstBadId);
    }
}

public sealed class SqliteTwoFactorSignInTests : TwoFactorSignInTests<SqliteEngine>;

public sealed class PostgreSqlTwoFactorSignInTests : TwoFactorSignInTests<PostgreSqlEngine>;

public sealed class SqlServerTwoFactorSignInTests : TwoFactorSignInTests<SqlServerEngine>;
