using Dapper;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// On PostgreSQL a statement the portal sends again and again is prepared on the server once per connection (Npgsql's
// automatic preparation, set by DbConnectionFactory), unless the connection string chooses otherwise, and planned for
// its values each time.
public sealed class PreparedStatementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Repeated = "SELECT @n + 1 AS prepared_statement_test";

    [Theory]
    [InlineData("", 1)]
    [InlineData(";Max Auto Prepare=0", 0)]
    public async Task PostgreSql_AStatementSentTenTimes_IsPreparedOnTheServer_UnlessTheConnectionStringSaysNot(string setting, long prepared)
    {
        var server = PostgreSqlTestDatabase.Server();
        var name = PostgreSqlTestDatabase.NewDatabase(server);
        try
        {
            var db = new DbConnectionFactory(DatabaseProvider.PostgreSql, PostgreSqlTestDatabase.ConnectionString(server, name) + setting);
            await using var c = await db.OpenAsync(Ct);
            for (var n = 0; n < 10; n++) Assert.Equal(n + 1, await c.ExecuteScalarAsync<int>(new CommandDefinition(Repeated, new { n }, cancellationToken: Ct)));

            Assert.Equal(prepared, await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%prepared_statement_test%'", cancellationToken: Ct)));
            // Planned for its values every time: a generic plan of an optional filter reads whole tables.
            Assert.Equal("force_custom_plan", await c.ExecuteScalarAsync<string>(new CommandDefinition("SHOW plan_cache_mode", cancellationToken: Ct)));
        }
        finally
        {
            await PostgreSqlTestDatabase.DropAsync(server, name);
        }
    }
}
