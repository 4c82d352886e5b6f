using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// Issue 17, must have 4: what instances share through the database. Each test builds two of a thing over one
// database, as two portal processes would have them.
public abstract class SharedStateTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.MigrateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private AddressCounter Counter() => new(database.Db, database.Clock);

    [Fact]
    public async Task AddressLimit_PostsThroughTwoInstancesAtOnce_NeverPassTheLimitTogether()
    {
        var (one, two) = (Counter(), Counter());
        const int limit = 6;

        using var start = new Barrier(20);
        var waits = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await (i % 2 == 0 ? one : two).TryAddAsync(AddressEventKind.Submission, "203.0.113.9", limit, Ct);
        }, Ct)));

        var accepted = waits.Count(w => w is null);
        Assert.InRange(accepted, 1, limit);
        // Taken one at a time, the two instances fill exactly the limit between them, and tell the next how long to wait.
        for (var i = accepted; i < limit; i++) Assert.Null(await (i % 2 == 0 ? one : two).TryAddAsync(AddressEventKind.Submission, "203.0.113.9", limit, Ct));
        var wait = await two.TryAddAsync(AddressEventKind.Submission, "203.0.113.9", limit, Ct);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.NotNull(await one.WaitAsync(AddressEventKind.Submission, "203.0.113.9", limit, Ct));
        // Another address, and the same address an hour later, are not held back.
        Assert.Null(await one.TryAddAsync(AddressEventKind.Submission, "198.51.100.7", limit, Ct));
        database.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await one.TryAddAsync(AddressEventKind.Submission, "203.0.113.9", limit, Ct));
    }

    [Fact]
    public async Task AddressLimit_ReleasedPlace_IsGivenBackOnTheOtherInstance()
    {
        var (one, two) = (Counter(), Counter());
        Assert.Null(await one.TryAddAsync(AddressEventKind.Submission, "203.0.113.9", 1, Ct));
        Assert.NotNull(await two.TryAddAsync(AddressEventKind.Submission, "203.0.113.9", 1, Ct));

        await one.RemoveNewestAsync(AddressEventKind.Submission, "203.0.113.9", Ct);

        Assert.Null(await two.TryAddAsync(AddressEventKind.Submission, "203.0.113.9", 1, Ct));
    }

    [Fact]
    public async Task JobLease_HeldByOneInstance_IsRefusedToTheOtherUntilItExpires()
    {
        var (one, two) = (new JobLeases(database.Db, database.Clock), new JobLeases(database.Db, database.Clock));
        var minute = TimeSpan.FromMinutes(1);

        Assert.True(await one.TryTakeAsync("CaseCloser", minute, Ct));
        Assert.False(await two.TryTakeAsync("CaseCloser", minute, Ct));
        Assert.True(await two.TryTakeAsync("AnnouncementCloser", minute, Ct));
        database.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await one.TryTakeAsync("CaseCloser", minute, Ct)); // renewed by its holder
        database.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(await two.TryTakeAsync("CaseCloser", minute, Ct));
        database.Clock.Advance(TimeSpan.FromSeconds(11)); // the holder stopped renewing: taken over
        Assert.True(await two.TryTakeAsync("CaseCloser", minute, Ct));
        Assert.False(await one.TryTakeAsync("CaseCloser", minute, Ct));
    }

    [Fact]
    public async Task JobLease_TwoInstancesAtOnceOnAFreeJob_ExactlyOneTakesIt()
    {
        var leases = Enumerable.Range(0, 6).Select(_ => new JobLeases(database.Db, database.Clock)).ToList();
        using var start = new Barrier(leases.Count);

        var taken = await Task.WhenAll(leases.Select(l => Task.Run(() =>
        {
            start.SignalAndWait(Ct);
            return l.TryTakeAsync("RetentionJob", TimeSpan.FromDays(1), Ct);
        }, Ct)));

        Assert.Single(taken, t => t);
    }

    [Fact]
    public async Task PublicPages_ChangedThroughOneInstance_AreEvictedOnTheOtherAtItsNextCheck()
    {
        var services = new ServiceCollection().AddOptions().AddOutputCache().BuildServiceProvider();
        var one = new PublicPageCache(services.GetRequiredService<IOutputCacheStore>(), database.Db);
        var two = new PublicPageCache(services.GetRequiredService<IOutputCacheStore>(), database.Db);
        await two.CheckAsync(Ct);
        var before = two.Generation;

        await two.CheckAsync(Ct);
        Assert.Equal(before, two.Generation);
        await one.ChangedAsync(Ct);
        await two.CheckAsync(Ct);

        Assert.Equal(before + 1, two.Generation);
        Assert.Equal(1, one.Generation);
    }
}

public sealed class SqliteSharedStateTests : SharedStateTests<SqliteEngine>;

public sealed class PostgreSqlSharedStateTests : SharedStateTests<PostgreSqlEngine>;

public sealed class SqlServerSharedStateTests : SharedStateTests<SqlServerEngine>;
