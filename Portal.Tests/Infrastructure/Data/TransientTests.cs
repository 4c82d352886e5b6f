using Portal.Infrastructure.Data;

namespace Portal.Tests.Infrastructure.Data;

public sealed class TransientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Npgsql.PostgresException Postgres(string sqlState) => new("test", "ERROR", "ERROR", sqlState);

    [Fact]
    public async Task Retry_ADeadlockVictim_IsTriedAgainAndSucceeds()
    {
        var calls = 0;

        var result = await Transient.RetryAsync(() => ++calls < 3 ? throw Postgres(Npgsql.PostgresErrorCodes.DeadlockDetected) : Task.FromResult(calls), Ct);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Retry_AUniqueViolation_IsNotTriedAgain()
    {
        var calls = 0;

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Transient.RetryAsync<int>(() => { calls++; throw Postgres(Npgsql.PostgresErrorCodes.UniqueViolation); }, Ct));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Retry_StillFailingAfterTheLastAttempt_Throws()
    {
        var calls = 0;

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Transient.RetryAsync<int>(() => { calls++; throw Postgres(Npgsql.PostgresErrorCodes.SerializationFailure); }, Ct));

        Assert.Equal(Transient.Attempts, calls);
    }
}

// Texts kept in columns with a limit are refused in C#, naming the limit, before the database would fail on them.
public sealed class ColumnLimitRuleTests
{
    [Theory]
    [InlineData(Portal.Features.Review.ReviewAction.Recuse, 500)]
    [InlineData(Portal.Features.Review.ReviewAction.Note, 5000)]
    [InlineData(Portal.Features.Review.ReviewAction.Reply, 5000)]
    public void ReviewText_OneOverItsLimit_IsRefusedNamingTheLimit_AtTheLimitIsAllowed(Portal.Features.Review.ReviewAction action, int limit)
    {
        Assert.Null(Portal.Features.Review.ReviewWorkflow.TextTooLong(action, new string('字', limit)));
        var refused = Portal.Features.Review.ReviewWorkflow.TextTooLong(action, new string('字', limit + 1))!;
        Assert.Equal(("Text.TooLong", limit, limit + 1), (refused.Rule, (int)refused.Args[0], (int)refused.Args[1]));
    }
}
