using System.Security.Claims;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// The server's side of a staff sign-in: what ends it, and what keeps it going.
public abstract class StaffSessionsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private ClaimsPrincipal reviewer = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StaffSessions Sessions => database.Sessions;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(20, staff: true);
        reviewer = await database.SignedInAsync("yuxi.reviewer");
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task IsLive_ThirtyMinutesWithoutActivity_EndsTheSessionForGood()
    {
        database.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await Sessions.IsLiveAsync(reviewer, activity: false, Ct));

        database.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
        Assert.False(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
    }

    [Fact]
    public async Task IsLive_ActivityWithinTheIdleTime_KeepsItGoing_ACheckAloneDoesNot()
    {
        database.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
        database.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await Sessions.IsLiveAsync(reviewer, activity: false, Ct));

        database.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
    }

    [Fact]
    public async Task IsLive_AfterAWorkingDay_EndsEvenWhenBusy()
    {
        for (var elapsed = TimeSpan.Zero; elapsed < StaffSessions.Lifetime - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            database.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
        }

        database.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.False(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
    }

    [Fact]
    public async Task End_SigningOut_EndsOnlyThatSession()
    {
        var otherWindow = await database.SignedInAsync("yuxi.reviewer");

        await Sessions.EndAsync(reviewer, Ct);

        Assert.False(await Sessions.IsLiveAsync(reviewer, activity: true, Ct));
        Assert.True(await Sessions.IsLiveAsync(otherWindow, activity: true, Ct));
    }

    [Fact]
    public async Task IsLive_ACookieWithoutASessionOrWithAMadeUpOne_IsNotLive()
    {
        var actor = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;

        Assert.False(await Sessions.IsLiveAsync(new ClaimsPrincipal(new ClaimsIdentity(actor.Claims(), "test")), activity: true, Ct));
        Assert.False(await Sessions.IsLiveAsync(new ClaimsPrincipal(new ClaimsIdentity([.. actor.Claims(), new Claim(StaffSessions.Claim, "made-up")], "test")), activity: true, Ct));
    }
}

public sealed class SqliteStaffSessionsTests : StaffSessionsTests<SqliteEngine>;

public sealed class PostgreSqlStaffSessionsTests : StaffSessionsTests<PostgreSqlEngine>;

public sealed class SqlServerStaffSessionsTests : StaffSessionsTests<SqlServerEngine>;
