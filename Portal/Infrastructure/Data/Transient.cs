using System.Data.Common;

namespace Portal.Infrastructure.Data;

// Errors a server database gives when trying again may succeed: a deadlock victim, a serialization failure, a server
// that is failing over or briefly out of connections; SQLite's busy and locked. Only an operation that may run twice
// with the same result (a read, a background round, a conditional update) is retried, a few times, with a short back-off.
public static class Transient
{
    public const int Attempts = 3;

    public static bool IsTransient(DbException e) => e switch
    {
        Npgsql.PostgresException p => p.SqlState is Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected
            or Npgsql.PostgresErrorCodes.CannotConnectNow or Npgsql.PostgresErrorCodes.TooManyConnections or Npgsql.PostgresErrorCodes.AdminShutdown,
        Npgsql.NpgsqlException n => n.IsTransient,
        // 1205 deadlock victim; 40197, 40501, 40613, 49918–49920 Azure SQL and Always On moving; 4060 database not yet available.
        Microsoft.Data.SqlClient.SqlException s => s.Number is 1205 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 or 4060,
        Microsoft.Data.Sqlite.SqliteException l => l.SqliteErrorCode is 5 or 6,
        _ => false,
    };

    public static async Task<T> RetryAsync<T>(Func<Task<T>> idempotent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await idempotent();
            }
            catch (DbException e) when (attempt < Attempts && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(40 * attempt * attempt + Random.Shared.Next(40)), ct);
            }
        }
    }

    public static Task RetryAsync(Func<Task> idempotent, CancellationToken ct) =>
        RetryAsync(async () => { await idempotent(); return true; }, ct);
}
